// Container objects as the daemon serves them: the list item (GET /containers/json) and the
// inspect document (GET /containers/{id}/json) — moby api/types/container, swarm-networking.md §10.6.
import type { Daemon } from '../daemon';
import type { Container, Machine } from '../../state/schema';
import { humanDuration } from '../../format/duration';
import { lookupImage, parseRef } from '../images';
import { sorted } from './maps';
import { isUp, mainArgv } from '../containers';

type Json = Record<string, any>;

/** The daemon's `State.String()` (moby container/state.go). */
export function statusText(c: Container, now: Date): string {
  const since = (ts?: string) => humanDuration(Math.max(0, now.getTime() - Date.parse(ts ?? c.created)));
  switch (c.state) {
    case 'running':
      return `Up ${since(c.startedAt)}`;
    case 'paused':
      return `Up ${since(c.startedAt)} (Paused)`;
    case 'created':
      return 'Created';
    case 'exited':
      return `Exited (${c.exitCode}) ${since(c.finishedAt)} ago`;
    case 'dead':
      return 'Dead';
    default:
      return `Restarting (${c.exitCode}) ${since(c.finishedAt)} ago`;
  }
}

export function pathAndArgs(c: Container): { path: string; args: string[] } {
  const all = mainArgv(c);
  return { path: all[0] ?? '', args: all.slice(1) };
}

/** Exposed ports of the image plus published ones, as API port entries. */
function apiPorts(c: Container): Json[] {
  const ref = parseRef(c.image);
  const exposed = Object.keys((ref && lookupImage(ref)?.data.config.ExposedPorts) ?? {});
  const out: Json[] = [];
  const published = new Set(c.ports.map((p) => `${p.port}/${p.proto}`));
  if (isUp(c)) {
    for (const p of c.ports) {
      out.push({ IP: '0.0.0.0', PrivatePort: p.port, PublicPort: p.hostPort, Type: p.proto });
      out.push({ IP: '::', PrivatePort: p.port, PublicPort: p.hostPort, Type: p.proto });
    }
  }
  for (const e of exposed) {
    if (published.has(e) && isUp(c)) continue;
    const [port, proto] = e.split('/');
    out.push({ PrivatePort: Number(port), Type: proto });
  }
  return out;
}

function networkName(d: Daemon, machine: Machine, id: string): string {
  return machine.networks.find((n) => n.id === id)?.name ?? d.state.swarm?.networks.find((n) => n.id === id)?.name ?? id;
}

function endpointSettings(d: Daemon, machine: Machine, c: Container, net: Container['nets'][number]): Json {
  const local = machine.networks.find((n) => n.id === net.net);
  const gateway = local?.ipam[0]?.Gateway ?? '';
  const o: Json = {
    IPAMConfig: net.static ? { IPv4Address: net.ip } : null,
    Links: null,
    Aliases: net.aliases.length ? net.aliases : null,
    MacAddress: net.mac,
    DriverOpts: null,
  };
  if (d.profile.endpointGwPriority) o.GwPriority = 0;
  Object.assign(o, {
    NetworkID: net.net,
    EndpointID: net.endpointId,
    Gateway: gateway,
    IPAddress: net.ip,
    IPPrefixLen: net.prefixLen,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    DNSNames: local?.name === 'bridge' ? null : [c.name, ...net.aliases, c.id.slice(0, 12)],
  });
  return o;
}

function networksOf(d: Daemon, machine: Machine, c: Container): Json {
  const out: Json = {};
  for (const n of c.nets) out[networkName(d, machine, n.net)] = endpointSettings(d, machine, c, n);
  return out;
}

export function containerListView(d: Daemon, machine: Machine, c: Container): Json {
  const { path, args } = pathAndArgs(c);
  return {
    Id: c.id,
    Names: [`/${c.name}`],
    Image: c.image,
    ImageID: c.imageId,
    Command: [path, ...args].join(' '),
    Created: Math.floor(Date.parse(c.created) / 1000),
    Ports: apiPorts(c),
    Labels: sorted(c.labels),
    State: c.state,
    Status: statusText(c, d.now),
    HostConfig: { NetworkMode: c.networkMode },
    NetworkSettings: { Networks: networksOf(d, machine, c) },
    Mounts: [],
  };
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

export function containerInspectView(d: Daemon, machine: Machine, c: Container): Json {
  const { path, args } = pathAndArgs(c);
  const running = isUp(c);
  const ref = parseRef(c.image);
  const cfg = (ref && lookupImage(ref)?.data.config) || null;
  const bridgeNet = c.nets.find((n) => machine.networks.find((m) => m.id === n.net)?.name === 'bridge');
  const bridge = bridgeNet ? machine.networks.find((m) => m.id === bridgeNet.net) : undefined;
  const ports: Json = {};
  for (const e of Object.keys(cfg?.ExposedPorts ?? {})) ports[e] = null;
  for (const p of c.ports) {
    ports[`${p.port}/${p.proto}`] = running
      ? [
          { HostIp: '0.0.0.0', HostPort: String(p.hostPort) },
          { HostIp: '::', HostPort: String(p.hostPort) },
        ]
      : null;
  }
  const portBindings: Json = {};
  for (const p of c.ports) (portBindings[`${p.port}/${p.proto}`] ??= []).push({ HostIp: '', HostPort: String(p.hostPort) });
  const hostsPath = `/var/lib/docker/containers/${c.id}`;
  return {
    Id: c.id,
    Created: c.created,
    Path: path,
    Args: args,
    State: {
      Status: c.state,
      Running: running,
      Paused: c.state === 'paused',
      Restarting: c.state === 'restarting',
      OOMKilled: false,
      Dead: c.state === 'dead',
      Pid: running ? 1000 + (parseInt(c.id.slice(0, 4), 16) % 30000) : 0,
      ExitCode: c.exitCode,
      Error: '',
      StartedAt: c.startedAt ?? ZERO_TIME,
      FinishedAt: c.finishedAt ?? ZERO_TIME,
    },
    Image: c.imageId,
    ResolvConfPath: `${hostsPath}/resolv.conf`,
    HostnamePath: `${hostsPath}/hostname`,
    HostsPath: `${hostsPath}/hosts`,
    LogPath: `${hostsPath}/${c.id}-json.log`,
    Name: `/${c.name}`,
    RestartCount: 0,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: 'docker-default',
    ExecIDs: null,
    HostConfig: {
      Binds: null,
      ContainerIDFile: '',
      LogConfig: { Type: 'json-file', Config: {} },
      NetworkMode: c.networkMode,
      PortBindings: portBindings,
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      AutoRemove: c.autoRemove,
      VolumeDriver: '',
      VolumesFrom: null,
      CapAdd: null,
      CapDrop: null,
      Dns: [],
      DnsOptions: [],
      DnsSearch: [],
      ExtraHosts: null,
      Privileged: false,
      PublishAllPorts: false,
      ReadonlyRootfs: false,
      ShmSize: 67108864,
      Runtime: 'runc',
    },
    Mounts: [],
    Config: {
      Hostname: c.hostname,
      Domainname: '',
      User: cfg?.User ?? '',
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      ...(cfg?.ExposedPorts ? { ExposedPorts: cfg.ExposedPorts } : {}),
      Tty: c.tty,
      OpenStdin: c.openStdin,
      StdinOnce: false,
      Env: c.env,
      Cmd: c.cmd,
      Image: c.image,
      Volumes: cfg?.Volumes ?? null,
      WorkingDir: c.workdir,
      Entrypoint: c.entrypoint,
      OnBuild: null,
      Labels: sorted(c.labels),
      ...(cfg?.StopSignal ? { StopSignal: cfg.StopSignal } : {}),
    },
    NetworkSettings: {
      Bridge: '',
      SandboxID: running ? c.gw?.sandbox ?? c.id.split('').reverse().join('') : '',
      SandboxKey: running ? `/var/run/docker/netns/${c.id.slice(0, 12)}` : '',
      Ports: running ? ports : {},
      HairpinMode: false,
      LinkLocalIPv6Address: '',
      LinkLocalIPv6PrefixLen: 0,
      SecondaryIPAddresses: null,
      SecondaryIPv6Addresses: null,
      EndpointID: bridgeNet?.endpointId ?? '',
      Gateway: bridge?.ipam[0]?.Gateway ?? '',
      GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0,
      IPAddress: bridgeNet?.ip ?? '',
      IPPrefixLen: bridgeNet?.prefixLen ?? 0,
      IPv6Gateway: '',
      MacAddress: bridgeNet?.mac ?? '',
      Networks: networksOf(d, machine, c),
    },
  };
}
