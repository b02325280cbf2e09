// GET /info and GET /version of one machine's engine (moby api/types/system, swarm-networking.md §10.5).
import type { Daemon } from '../daemon';
import type { SystemInfo, SwarmInfo } from '../../format/info';
import type { ServerVersion } from '../../format/version';
import { clusterSpec, MEMORY_BYTES, nodeIp, trustRoot } from './node';
import { isDown as nodeDown } from '../node-state';
import { rfc3339Nano } from '../time';
import { HOST } from '../host';
import { DEFAULT_ADDR_POOL } from '../ipam';


function swarmInfo(d: Daemon): SwarmInfo {
  const swarm = d.state.swarm;
  const node = d.node();
  if (!swarm || !node) {
    return { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null };
  }
  const managers = swarm.nodes.filter((n) => n.role === 'manager');
  const info: SwarmInfo = {
    NodeID: node.id,
    NodeAddr: d.machine.ip,
    LocalNodeState: 'active',
    ControlAvailable: node.role === 'manager',
    Error: '',
    RemoteManagers: managers.map((m) => ({ NodeID: m.id, Addr: `${nodeIp(d, m)}:2377` })),
  };
  if (node.role === 'manager') {
    info.Nodes = swarm.nodes.length;
    info.Managers = managers.length;
    info.Cluster = {
      ID: swarm.id,
      Version: { Index: swarm.version },
      CreatedAt: swarm.created,
      UpdatedAt: swarm.updated,
      Spec: clusterSpec() as never,
      TLSInfo: { TrustRoot: trustRoot(swarm), CertIssuerSubject: 'MBMxETAPBgNVBAMTCHN3YXJtLWNh', CertIssuerPublicKey: '' },
      RootRotationInProgress: false,
      DefaultAddrPool: (swarm.addrPool ?? DEFAULT_ADDR_POOL).pools,
      SubnetSize: (swarm.addrPool ?? DEFAULT_ADDR_POOL).size,
      DataPathPort: 4789,
    } as never;
    const reachable = managers.filter((m) => !nodeDown(d.state, m)).length;
    if (managers.length === 2) {
      info.Warnings = [
        'WARNING: Running Swarm in a two-manager configuration. This configuration provides no fault tolerance, and poses a high risk to lose control over the cluster. Refer to https://docs.docker.com/engine/swarm/admin_guide/ to configure the Swarm for fault-tolerance.',
      ];
    } else if (reachable < managers.length) info.Warnings = null;
  }
  return info;
}

export function infoView(d: Daemon): SystemInfo {
  const p = d.profile;
  // moby daemon/info.go: every container of this engine (task containers too), by state
  const cs = d.machine.containers;
  const running = cs.filter((x) => x.state === 'running').length;
  const paused = cs.filter((x) => x.state === 'paused').length;
  return {
    ID: d.machine.engineId,
    Containers: cs.length,
    ContainersRunning: running,
    ContainersPaused: paused,
    ContainersStopped: cs.length - running - paused,
    Images: d.machine.images.length,
    Driver: 'overlay2',
    DriverStatus: [
      ['Backing Filesystem', 'extfs'],
      ['Supports d_type', 'true'],
      ['Using metacopy', 'false'],
      ['Native Overlay Diff', 'true'],
      ['userxattr', 'false'],
    ],
    Plugins: {
      Volume: ['local'],
      Network: ['bridge', 'host', 'ipvlan', 'macvlan', 'null', 'overlay'],
      Authorization: null,
      Log: ['awslogs', 'fluentd', 'gcplogs', 'gelf', 'journald', 'json-file', 'local', 'splunk', 'syslog'],
    },
    MemoryLimit: true,
    SwapLimit: true,
    CpuCfsPeriod: true,
    CpuCfsQuota: true,
    CPUShares: true,
    CPUSet: true,
    PidsLimit: true,
    IPv4Forwarding: true,
    Debug: false,
    NFd: 33,
    OomKillDisable: false,
    NGoroutines: 54,
    SystemTime: rfc3339Nano(d.now),
    LoggingDriver: 'json-file',
    CgroupDriver: 'systemd',
    CgroupVersion: '2',
    NEventsListener: 0,
    KernelVersion: HOST.kernel,
    OperatingSystem: HOST.operatingSystem,
    OSVersion: HOST.osVersion,
    OSType: 'linux',
    Architecture: 'x86_64',
    IndexServerAddress: 'https://index.docker.io/v1/',
    RegistryConfig: {
      AllowNondistributableArtifactsCIDRs: null,
      AllowNondistributableArtifactsHostnames: null,
      InsecureRegistryCIDRs: ['::1/128', '127.0.0.0/8'],
      IndexConfigs: { 'docker.io': { Name: 'docker.io', Mirrors: [], Secure: true, Official: true } },
      Mirrors: null,
    } as never,
    NCPU: 2,
    MemTotal: MEMORY_BYTES,
    GenericResources: null,
    DockerRootDir: '/var/lib/docker',
    HttpProxy: '',
    HttpsProxy: '',
    NoProxy: '',
    Name: d.machine.name,
    Labels: [],
    ExperimentalBuild: false,
    ServerVersion: p.serverVersion,
    Runtimes: { 'io.containerd.runc.v2': { path: 'runc', status: { 'org.opencontainers.runtime-spec.features': '{}' } }, runc: { path: 'runc', status: { 'org.opencontainers.runtime-spec.features': '{}' } } } as never,
    DefaultRuntime: 'runc',
    Swarm: swarmInfo(d),
    LiveRestoreEnabled: false,
    Isolation: '',
    InitBinary: 'docker-init',
    ContainerdCommit: { ID: p.containerd.commit },
    RuncCommit: { ID: p.runc.commit },
    InitCommit: { ID: p.dockerInit.commit },
    SecurityOptions: ['name=apparmor', 'name=seccomp,profile=builtin', 'name=cgroupns'],
    CDISpecDirs: ['/etc/cdi', '/var/run/cdi'],
    Containerd: { Address: '/run/containerd/containerd.sock', Namespaces: { Containers: 'moby', Plugins: 'plugins.moby' } },
    Warnings: null,
  } as SystemInfo;
}

export function versionView(d: Daemon): ServerVersion {
  const p = d.profile;
  return {
    Platform: { Name: 'Docker Engine - Community' },
    Components: [
      {
        Name: 'Engine',
        Version: p.serverVersion,
        Details: {
          ApiVersion: p.apiVersion,
          Arch: 'amd64',
          BuildTime: p.builtAt,
          Experimental: 'false',
          GitCommit: p.gitCommit,
          GoVersion: p.goVersion,
          KernelVersion: HOST.kernel,
          MinAPIVersion: p.minApiVersion,
          Os: 'linux',
        },
      },
      { Name: 'containerd', Version: p.containerd.version, Details: { GitCommit: p.containerd.commit } },
      { Name: 'runc', Version: p.runc.version, Details: { GitCommit: p.runc.commit } },
      { Name: 'docker-init', Version: p.dockerInit.version, Details: { GitCommit: p.dockerInit.commit } },
    ],
    Version: p.serverVersion,
    ApiVersion: p.apiVersion,
    MinAPIVersion: p.minApiVersion,
    GitCommit: p.gitCommit,
    GoVersion: p.goVersion,
    Os: 'linux',
    Arch: 'amd64',
    KernelVersion: HOST.kernel,
    BuildTime: p.builtAt,
  };
}
