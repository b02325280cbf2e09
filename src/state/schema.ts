// The cluster state: what the daemons would store, nothing derived (views build the Engine API
// objects). Keep it compact: 150,000 tasks must still load quickly. state/codec.ts turns it into
// the JSON file and back; state/migrations.ts brings older files forward.
import type { RngState } from './rng';
import { derivedLocalId } from './ids';

/**
 * 2: tasks refer to their service's task template by version (`tv`) instead of carrying a copy;
 * address maps of overlays are rebuilt from their holders; task containers may be derived from
 * their task (`dc`); big swarms store tasks as rows (codec.ts).
 */
export const SCHEMA_VERSION = 2;

export type ProfileName = '28.2' | '26.1';

export interface State {
  schemaVersion: number;
  profile: ProfileName;
  rng: RngState;
  /** The last timestamp handed out, ns since the epoch (timestamps never go backwards). */
  clock?: string;
  /** IPVS round-robin pointers, per node and VIP / published port (routing/ipvs.ts keys). */
  ipvs?: Record<string, number>;
  /** The context (= machine) commands talk to unless -c / DOCKER_CONTEXT say otherwise. */
  context: string;
  machines: Machine[];
  swarm: Swarm | null;
  /** Present so conf never re-reads the file to preserve its own bookkeeping key. */
  __internal__: Record<string, never>;
}

export interface Machine {
  name: string;
  ip: string;
  user: string;
  /** Engine ID shown by `docker info` (ID:). */
  engineId: string;
  created: string;
  /** Position of the rotating local-pool allocator (26.1 profile), index into the pool list. */
  poolCursor: number;
  networks: LocalNetwork[];
  /** The engine's image cache: what `docker images` lists and what needs no pull. */
  images: LocalImage[];
  /** Standalone and swarm-task containers, oldest first. */
  containers: Container[];
}

export interface LocalImage {
  repository: string;
  /** Image ID (sha256:…). */
  id: string;
  /** Tags pulled by name; empty when only pulled by digest (a swarm task): `<none>`. */
  tags: string[];
  /** When it was pulled to this machine. */
  pulled: string;
}

export interface ContainerNet {
  /** Network ID (local 64-hex or swarm 25-char). */
  net: string;
  ip: string;
  prefixLen: number;
  mac: string;
  endpointId: string;
  aliases: string[];
  /** The address was requested (swarm tasks and attachments pass it as IPAMConfig). */
  static?: boolean;
}

export interface Container {
  id: string;
  name: string;
  /** Config.Image as created (what the user typed, or `name:tag@sha256:…` for tasks). */
  image: string;
  imageId: string;
  created: string;
  state: 'created' | 'running' | 'paused' | 'restarting' | 'exited' | 'dead';
  startedAt?: string;
  finishedAt?: string;
  exitCode: number;
  entrypoint: string[] | null;
  cmd: string[] | null;
  env: string[];
  workdir: string;
  hostname: string;
  labels: Record<string, string>;
  /** HostConfig.NetworkMode. */
  networkMode: string;
  nets: ContainerNet[];
  /** The docker_gwbridge endpoint libnetwork adds for overlay-only containers (never in inspect). */
  gw?: { ip: string; mac: string; endpointId: string; sandbox: string };
  ports: { ip: string; hostPort: number; port: number; proto: string }[];
  /** `--network-alias` names, given to the user-defined network the container joins. */
  aliases: string[];
  /** Networks `docker network connect` added while the container was stopped (joined at start). */
  extraNets?: { net: string; aliases: string[] }[];
  tty: boolean;
  openStdin: boolean;
  autoRemove: boolean;
  /** Swarm task this container runs, if any. */
  task?: string;
  /** Filesystem changes against the image: path → content (null: deleted). */
  fs: Record<string, string | null>;
  /** Binaries added by apt-get/apk inside the container. */
  installed: string[];
  /** What the main process wrote after its start-up lines (access logs…), newest last, bounded. */
  logs?: string[];
}

export interface IpamConfig {
  Subnet: string;
  IPRange?: string;
  Gateway?: string;
}

export interface LocalNetwork {
  id: string;
  name: string;
  driver: string;
  created: string;
  internal: boolean;
  attachable: boolean;
  ipv6: boolean;
  ipam: IpamConfig[];
  options: Record<string, string>;
  labels: Record<string, string>;
  endpoints: Endpoint[];
}

export interface Endpoint {
  /** Containers-map key: container ID, or a special sandbox name (`ingress-sbox`). */
  key: string;
  name: string;
  endpointId: string;
  ip: string;
  mac: string;
}

export interface Swarm {
  id: string;
  created: string;
  updated: string;
  version: number;
  /** The global raft index: one counter for all swarm objects. */
  index: number;
  caDigest: string;
  tokens: { worker: string; manager: string };
  nodes: SwarmNode[];
  networks: SwarmNetwork[];
  /** Last VXLAN ID handed out (serial allocation). */
  lastVni: number;
  /** Rotating start of the subnet search in the address pool (26.1 profile). */
  subnetCursor: number;
  /** `swarm init --default-addr-pool … --default-addr-pool-mask-length N` (absent: 10.0.0.0/8 in /24s). */
  addrPool?: { pools: string[]; size: number };
  services: Service[];
  tasks: Task[];
}

/** A service as swarmkit stores it; `spec` is the Engine API ServiceSpec with defaults inserted. */
export interface Service {
  id: string;
  created: string;
  updated: string;
  version: number;
  spec: ServiceSpec;
  previousSpec?: ServiceSpec;
  /** Version of `spec.TaskTemplate` (tasks name the template they were made from by version). */
  tv: number;
  /** Version of `previousSpec.TaskTemplate`. */
  ptv?: number;
  /** Older task templates still named by tasks in the history, by version. */
  templates?: Record<string, TaskTemplate>;
  /** Allocated virtual IPs, ingress first (`10.0.0.7/24`). */
  vips: { net: string; addr: string }[];
  /** Allocated ports (published ports filled in). */
  ports: PortConfig[];
  updateStatus?: { State: string; StartedAt: string; CompletedAt?: string; Message: string };
}

export interface PortConfig {
  Name?: string;
  Protocol: 'tcp' | 'udp' | 'sctp';
  TargetPort: number;
  PublishedPort?: number;
  PublishMode: 'ingress' | 'host';
}

// The Engine API ServiceSpec (docker/api/types/swarm), kept as the client sent it.
export type ServiceSpec = Record<string, any>;
export type TaskTemplate = Record<string, any>;

export type TaskState =
  | 'new'
  | 'pending'
  | 'assigned'
  | 'accepted'
  | 'preparing'
  | 'ready'
  | 'starting'
  | 'running'
  | 'complete'
  | 'shutdown'
  | 'failed'
  | 'rejected'
  | 'remove'
  | 'orphaned';

/**
 * How the container of a task is rebuilt from the task instead of being stored: the extra
 * endpoint it got on its machine (`g`: docker_gwbridge, `b`: the default bridge, `n`: none),
 * that endpoint's address, and the host-mode ports it published.
 */
export type DerivedContainer = [kind: 'g' | 'b' | 'n', ip?: string, hostPorts?: Container['ports']];

export interface TaskFields {
  id: string;
  service: string;
  /** Replicated slot (1…N); 0 for global tasks. */
  slot: number;
  node: string;
  created: string;
  version: number;
  desired: TaskState;
  state: TaskState;
  /** Status.Timestamp of the current state (also UpdatedAt: every update is a status change). */
  since: string;
  message: string;
  err?: string;
  /** Version of the service task template the task was created from (Service.tv). */
  tv: number;
  /** Network attachments: swarm network ID → address with prefix (`10.0.1.3/24`). */
  nets: { net: string; addr: string }[];
  /** Its container is derived from this record (engine/task-containers.ts). */
  dc?: DerivedContainer;
}

/** A swarm task. `container` is stored when the container is, else derived from the task ID. */
export class Task implements TaskFields {
  id = '';
  service = '';
  slot = 0;
  node = '';
  created = '';
  version = 0;
  desired: TaskState = 'new';
  state: TaskState = 'new';
  since = '';
  message = '';
  err?: string;
  tv = 0;
  nets: { net: string; addr: string }[] = [];
  dc?: DerivedContainer;
  #container?: string;

  constructor(fields?: TaskFields & { container?: string }) {
    if (fields) {
      const { container, ...rest } = fields;
      Object.assign(this, rest);
      if (container !== undefined) this.#container = container;
    }
  }

  /** The container running the task (its ID), if it has one. */
  get container(): string | undefined {
    if (this.#container !== undefined) return this.#container;
    return this.dc ? taskContainerId(this.id) : undefined;
  }
  set container(id: string | undefined) {
    this.#container = id;
    if (id === undefined) delete this.dc;
  }
  /** The container ID as stored (undefined when it is derived, or there is no container). */
  get storedContainer(): string | undefined {
    return this.#container;
  }

  /** How the file records the container: its ID stored, derivable (`dc` kept), or both. */
  recordContainer(stored: boolean, derivable: boolean): void {
    const id = this.container;
    this.#container = stored ? id : undefined;
    if (!derivable) delete this.dc;
  }

  get updated(): string {
    return this.since;
  }
}

/** The container ID a task with a derived container has. */
export function taskContainerId(taskId: string): string {
  return derivedLocalId(`${taskId}/container`);
}

export interface SwarmNode {
  id: string;
  machine: string;
  role: 'manager' | 'worker';
  availability: 'active' | 'pause' | 'drain';
  leader: boolean;
  /** `down` once the machine left the swarm or was removed; `node rm` deletes it. */
  status: 'ready' | 'down';
  created: string;
  updated: string;
  version: number;
  labels: Record<string, string>;
}

export interface SwarmNetwork {
  id: string;
  name: string;
  created: string;
  updated: string;
  version: number;
  driver: string;
  attachable: boolean;
  internal: boolean;
  ingress: boolean;
  ipv6: boolean;
  labels: Record<string, string> | null;
  options: Record<string, string>;
  /** What the user asked for (may be empty: the allocator picks a /24). */
  requested: IpamConfig[];
  /** What the allocator gave; null when allocation failed (overlapping subnet). */
  alloc: NetworkAlloc | null;
}

export interface NetworkAlloc {
  ipam: IpamConfig[];
  vni: number[];
  /** Last address handed out, as an offset in the subnet (serial allocation). */
  last: number;
  /** Node ID → that node's load-balancer endpoint (instantiates the network there). */
  lb: Record<string, { ip: string; created: string; endpointId: string }>;
}
