// swarm.Node and swarm.Swarm as the API returns them (swarm-networking.md §10.4–10.5).
import type { Daemon } from '../daemon';
import type { Swarm, SwarmNode } from '../../state/schema';
import { isDown as nodeDown } from '../node-state';
import { DEFAULT_ADDR_POOL } from '../ipam';
import { machineByName } from '../indexes';

type Json = Record<string, unknown>;

export const NANO_CPUS = 2_000_000_000;
export const MEMORY_BYTES = 4_103_208_960;

export const ENGINE_PLUGINS: [string, string[]][] = [
  ['Log', ['awslogs', 'fluentd', 'gcplogs', 'gelf', 'journald', 'json-file', 'local', 'splunk', 'syslog']],
  ['Network', ['bridge', 'host', 'ipvlan', 'macvlan', 'null', 'overlay']],
  ['Volume', ['local']],
];

/** A stable, plausible PEM for the swarm's root CA (never a real key). */
export function trustRoot(swarm: Swarm): string {
  const body = Buffer.from(swarm.caDigest.repeat(6), 'hex').toString('base64');
  const lines = body.match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN CERTIFICATE-----\n${lines}\n-----END CERTIFICATE-----\n`;
}

function tlsInfo(swarm: Swarm): Json {
  return {
    TrustRoot: trustRoot(swarm),
    CertIssuerSubject: 'MBMxETAPBgNVBAMTCHN3YXJtLWNh',
    CertIssuerPublicKey: Buffer.from(`-----BEGIN PUBLIC KEY-----\n${Buffer.from(swarm.caDigest, 'hex').toString('base64')}\n-----END PUBLIC KEY-----\n`).toString('base64'),
  };
}

export function nodeIp(d: Daemon, node: SwarmNode): string {
  return machineByName(d.state, node.machine)?.ip ?? '';
}

export function nodeView(d: Daemon, swarm: Swarm, node: SwarmNode): Json {
  const ip = nodeIp(d, node);
  const down = nodeDown(d.state, node);
  const o: Json = {
    ID: node.id,
    Version: { Index: node.version },
    CreatedAt: node.created,
    UpdatedAt: node.updated,
    Spec: { Labels: { ...node.labels }, Role: node.role, Availability: node.availability },
    Description: {
      Hostname: node.machine,
      Platform: { Architecture: 'x86_64', OS: 'linux' },
      Resources: { NanoCPUs: NANO_CPUS, MemoryBytes: MEMORY_BYTES },
      Engine: {
        EngineVersion: d.profile.serverVersion,
        Plugins: ENGINE_PLUGINS.flatMap(([Type, names]) => names.map((Name) => ({ Type, Name }))),
      },
      TLSInfo: tlsInfo(swarm),
    },
    Status: { State: down ? 'down' : 'ready', Addr: ip },
  };
  if (node.role === 'manager') {
    const ms: Json = {};
    if (node.leader) ms.Leader = true;
    ms.Reachability = down ? 'unreachable' : 'reachable';
    ms.Addr = `${ip}:2377`;
    o.ManagerStatus = ms;
  }
  return o;
}

export function swarmView(d: Daemon, swarm: Swarm): Json {
  return {
    ID: swarm.id,
    Version: { Index: swarm.version },
    CreatedAt: swarm.created,
    UpdatedAt: swarm.updated,
    Spec: clusterSpec(),
    TLSInfo: tlsInfo(swarm),
    RootRotationInProgress: false,
    DefaultAddrPool: (swarm.addrPool ?? DEFAULT_ADDR_POOL).pools,
    SubnetSize: (swarm.addrPool ?? DEFAULT_ADDR_POOL).size,
    DataPathPort: 4789,
    JoinTokens: { Worker: swarm.tokens.worker, Manager: swarm.tokens.manager },
  };
}

export function clusterSpec(): Json {
  return {
    Name: 'default',
    Labels: {},
    Orchestration: { TaskHistoryRetentionLimit: 5 },
    Raft: { SnapshotInterval: 10000, KeepOldSnapshots: 0, LogEntriesForSlowFollowers: 500, ElectionTick: 10, HeartbeatTick: 1 },
    Dispatcher: { HeartbeatPeriod: 5000000000 },
    CAConfig: { NodeCertExpiry: 7776000000000000 },
    TaskDefaults: {},
    EncryptionConfig: { AutoLockManagers: false },
  };
}
