// `docker info` pretty output, reproducing docker/cli v28.2.2
// cli/command/system/info.go (prettyPrintInfo, prettyPrintClientInfo,
// prettyPrintServerInfo, printSwarmInfo) from Engine API objects.
//
// Every line is produced the way Go's fmt.Println would print it: operands
// joined by a single space, so an empty operand leaves a trailing space
// (" Context:    " with an empty context, "  Volume: " with no plugins).

import { bytesSize, humanDuration } from './bytes';

// ---------------------------------------------------------------------------
// Engine API types (moby v28.2.2, API 1.50), JSON field names.
// Fields the daemon marks `omitempty` are optional; slices and maps may be
// null, as Go encodes nil slices/maps.
// ---------------------------------------------------------------------------

export type LocalNodeState = 'inactive' | 'pending' | 'active' | 'error' | 'locked' | '';

export interface SwarmPeer {
  NodeID: string;
  Addr: string;
}

export interface SwarmExternalCA {
  Protocol: string;
  URL: string;
  Options?: Record<string, string> | null;
  CACert: string;
}

export interface SwarmSpec {
  Name?: string;
  Labels: Record<string, string> | null;
  Orchestration: { TaskHistoryRetentionLimit?: number };
  Raft: {
    SnapshotInterval?: number;
    KeepOldSnapshots?: number;
    LogEntriesForSlowFollowers?: number;
    ElectionTick: number;
    HeartbeatTick: number;
  };
  /** HeartbeatPeriod is a Go time.Duration: nanoseconds. */
  Dispatcher: { HeartbeatPeriod?: number };
  CAConfig: {
    /** Nanoseconds. */
    NodeCertExpiry?: number;
    ExternalCAs?: (SwarmExternalCA | null)[] | null;
    SigningCACert?: string;
    SigningCAKey?: string;
    ForceRotate?: number;
  };
  TaskDefaults: { LogDriver?: { Name?: string; Options?: Record<string, string> } | null };
  EncryptionConfig: { AutoLockManagers: boolean };
}

export interface SwarmClusterInfo {
  ID: string;
  Version?: { Index?: number };
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec: SwarmSpec;
  TLSInfo: {
    TrustRoot?: string;
    /** base64 */
    CertIssuerSubject?: string;
    /** base64 */
    CertIssuerPublicKey?: string;
  };
  RootRotationInProgress: boolean;
  DefaultAddrPool: string[] | null;
  SubnetSize: number;
  DataPathPort: number;
}

export interface SwarmInfo {
  NodeID: string;
  NodeAddr: string;
  LocalNodeState: LocalNodeState;
  ControlAvailable: boolean;
  Error: string;
  RemoteManagers: SwarmPeer[] | null;
  Nodes?: number;
  Managers?: number;
  Cluster?: SwarmClusterInfo | null;
  Warnings?: string[] | null;
}

export interface PluginsInfo {
  Volume: string[] | null;
  Network: string[] | null;
  Authorization: string[] | null;
  Log: string[] | null;
}

export interface IndexInfo {
  Name: string;
  Mirrors: string[] | null;
  Secure: boolean;
  Official: boolean;
}

export interface RegistryServiceConfig {
  AllowNondistributableArtifactsCIDRs?: string[] | null;
  AllowNondistributableArtifactsHostnames?: string[] | null;
  /** CIDR strings, e.g. "127.0.0.0/8". */
  InsecureRegistryCIDRs: string[] | null;
  IndexConfigs: Record<string, IndexInfo | null> | null;
  Mirrors: string[] | null;
}

export interface RuntimeWithStatus {
  path?: string;
  runtimeArgs?: string[];
  runtimeType?: string;
  options?: Record<string, unknown>;
  status?: Record<string, string>;
}

export interface Commit {
  ID: string;
  Expected?: string;
}

export interface NetworkAddressPool {
  Base: string;
  Size: number;
}

export interface GenericResource {
  NamedResourceSpec?: { Kind?: string; Value?: string } | null;
  DiscreteResourceSpec?: { Kind?: string; Value?: number } | null;
}

export interface DeviceInfo {
  Source: string;
  ID: string;
}

/** Engine API `GET /info` response (moby v28.2.2 api/types/system.Info). */
export interface SystemInfo {
  ID: string;
  Containers: number;
  ContainersRunning: number;
  ContainersPaused: number;
  ContainersStopped: number;
  Images: number;
  Driver: string;
  DriverStatus: [string, string][] | null;
  SystemStatus?: [string, string][] | null;
  Plugins: PluginsInfo;
  MemoryLimit: boolean;
  SwapLimit: boolean;
  KernelMemory?: boolean;
  KernelMemoryTCP?: boolean;
  CpuCfsPeriod: boolean;
  CpuCfsQuota: boolean;
  CPUShares: boolean;
  CPUSet: boolean;
  PidsLimit: boolean;
  IPv4Forwarding: boolean;
  Debug: boolean;
  NFd: number;
  OomKillDisable: boolean;
  NGoroutines: number;
  SystemTime: string;
  LoggingDriver: string;
  CgroupDriver: string;
  CgroupVersion?: string;
  NEventsListener: number;
  KernelVersion: string;
  OperatingSystem: string;
  OSVersion: string;
  OSType: string;
  Architecture: string;
  IndexServerAddress: string;
  RegistryConfig: RegistryServiceConfig | null;
  NCPU: number;
  MemTotal: number;
  GenericResources: GenericResource[] | null;
  DockerRootDir: string;
  HttpProxy: string;
  HttpsProxy: string;
  NoProxy: string;
  Name: string;
  Labels: string[] | null;
  ExperimentalBuild: boolean;
  ServerVersion: string;
  Runtimes: Record<string, RuntimeWithStatus> | null;
  DefaultRuntime: string;
  Swarm: SwarmInfo;
  LiveRestoreEnabled: boolean;
  Isolation: string;
  InitBinary: string;
  ContainerdCommit: Commit;
  RuncCommit: Commit;
  InitCommit: Commit;
  SecurityOptions: string[] | null;
  ProductLicense?: string;
  DefaultAddressPools?: NetworkAddressPool[] | null;
  FirewallBackend?: { Driver: string; Info?: [string, string][] | null } | null;
  CDISpecDirs: string[] | null;
  DiscoveredDevices?: DeviceInfo[] | null;
  Containerd?: { Address?: string; Namespaces: { Containers: string; Plugins: string } } | null;
  Warnings: string[] | null;
}

/** A CLI plugin as listed by the docker CLI (JSON form: `Err` is the error text). */
export interface ClientPlugin {
  Name: string;
  Path?: string;
  SchemaVersion?: string;
  Vendor?: string;
  Version?: string;
  ShortDescription?: string;
  URL?: string;
  Experimental?: boolean;
  /** Set when the plugin candidate is invalid. */
  Err?: string;
  ShadowedPaths?: string[];
}

/** The "Client:" part of `docker info`. */
export interface ClientInfo {
  /** Client version; the line is omitted when empty. */
  Version?: string;
  /** Current context name. */
  Context: string;
  /** Client debug mode (`docker -D`); also reveals the daemon's debug counters. */
  DebugMode: boolean;
  /** Build platform name ("Docker Engine - Community"); absent for the static binaries. */
  Platform?: { Name: string } | null;
  /** CLI plugins; dockersim has none, which prints no "Plugins:" block. */
  Plugins?: ClientPlugin[] | null;
  Warnings?: string[] | null;
}

export interface FormatInfoOptions {
  /** Errors from fetching server information (printed as "ERROR: ..." on stderr). */
  serverErrors?: string[];
  /** Errors from collecting client information (printed as "ERROR: ..." on stderr). */
  clientErrors?: string[];
  /** Registry user name from the CLI config file (" Username:" line). */
  userName?: string;
}

export interface FormatInfoResult {
  out: string;
  err: string;
  /** "errors pretty printing info" when any ERROR line was printed (docker then exits 1). */
  error?: string;
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

type Printable = string | number | boolean;

/** Go's strings.TrimSpace (Unicode White_Space). */
function goTrimSpace(s: string): string {
  return s.replace(/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/, '')
    .replace(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/, '');
}

/** Go's strconv.Quote (%q), for well-formed strings. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (r >= 0x20 && r < 0x7f) out += ch;
    else if (r >= 0x80 && /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch)) out += ch;
    else if (r === 0x07) out += '\\a';
    else if (r === 0x08) out += '\\b';
    else if (r === 0x0c) out += '\\f';
    else if (r === 0x0a) out += '\\n';
    else if (r === 0x0d) out += '\\r';
    else if (r === 0x09) out += '\\t';
    else if (r === 0x0b) out += '\\v';
    else if (r < 0x20 || r === 0x7f) out += '\\x' + r.toString(16).padStart(2, '0');
    else if (r < 0x10000) out += '\\u' + r.toString(16).padStart(4, '0');
    else out += '\\U' + r.toString(16).padStart(8, '0');
  }
  return out + '"';
}

interface SecurityOpt {
  Name: string;
  Options: { Key: string; Value: string }[];
}

/** moby api/types/system.DecodeSecurityOptions. */
function decodeSecurityOptions(opts: string[]): SecurityOpt[] {
  const so: SecurityOpt[] = [];
  for (const opt of opts) {
    if (!opt.includes('=')) {
      so.push({ Name: opt, Options: [] });
      continue;
    }
    const secopt: SecurityOpt = { Name: '', Options: [] };
    for (const s of opt.split(',')) {
      const eq = s.indexOf('=');
      if (eq < 0) throw new Error(`invalid security option ${goQuote(s)}`);
      const k = s.slice(0, eq);
      const v = s.slice(eq + 1);
      if (k === '' || v === '') throw new Error('invalid empty security option');
      if (k === 'name') {
        secopt.Name = v;
        continue;
      }
      secopt.Options.push({ Key: k, Value: v });
    }
    so.push(secopt);
  }
  return so;
}

function parseIPv4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

/** 16 bytes, or null. */
function parseIPv6(s: string): number[] | null {
  if (s.includes('%')) return null;
  let tail: number[] = [];
  let body = s;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(s.slice(lastColon + 1));
    if (!v4) return null;
    tail = v4;
    // keep a "::" that directly precedes the IPv4 part ("::1.2.3.4", "a::1.2.3.4")
    body = s[lastColon - 1] === ':' ? s.slice(0, lastColon + 1) : s.slice(0, lastColon);
  }
  const groupsNeeded = (16 - tail.length) / 2;
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const parse = (h: string): number[] | null => {
    if (h === '') return [];
    const gs = h.split(':');
    const out: number[] = [];
    for (const g of gs) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0]);
  if (!head) return null;
  let groups: number[];
  if (halves.length === 2) {
    const rest = parse(halves[1]);
    if (!rest) return null;
    if (head.length + rest.length >= groupsNeeded) return null;
    groups = [...head, ...new Array<number>(groupsNeeded - head.length - rest.length).fill(0), ...rest];
  } else {
    if (head.length !== groupsNeeded) return null;
    groups = head;
  }
  const bytes: number[] = [];
  for (const g of groups) bytes.push(g >> 8, g & 0xff);
  return [...bytes, ...tail];
}

/** Go's net.IP.String for a 16-byte address. */
function ipv6String(b: number[]): string {
  const isV4Mapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  if (isV4Mapped) return b.slice(12).join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i] << 8) | b[i + 1]);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]): string => gs.map((g) => g.toString(16)).join(':');
  if (bestLen < 2) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

/**
 * The CLI prints each insecure registry CIDR as `IP.String()/ones`, after the
 * JSON value went through net.ParseCIDR (which masks the address).
 */
function formatCIDR(cidr: string): string {
  const slash = cidr.indexOf('/');
  if (slash < 0) return cidr;
  const addr = cidr.slice(0, slash);
  const maskStr = cidr.slice(slash + 1);
  const v4 = parseIPv4(addr);
  const bytes = v4 ?? parseIPv6(addr);
  if (!bytes || !/^\d+$/.test(maskStr)) return cidr;
  const ones = Number(maskStr);
  if (ones > bytes.length * 8) return cidr;
  const masked = bytes.map((byte, i) => {
    const bits = Math.min(Math.max(ones - i * 8, 0), 8);
    return byte & ((0xff << (8 - bits)) & 0xff);
  });
  return `${v4 ? masked.join('.') : ipv6String(masked)}/${ones}`;
}

// ---------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------

class Printer {
  text = '';
  /** fmt.Println */
  ln(...a: Printable[]): void {
    this.text += a.map(String).join(' ') + '\n';
  }
  /** fmt.Print of an already formatted string */
  raw(s: string): void {
    this.text += s;
  }
  /** fprintlnNonEmpty */
  lnNonEmpty(label: string, value: string | undefined | null): void {
    if (value) this.ln(label, value);
  }
}

function printClientInfo(out: Printer, err: Printer, client: ClientInfo): void {
  out.lnNonEmpty(' Version:   ', client.Version);
  out.ln(' Context:   ', client.Context);
  out.ln(' Debug Mode:', client.DebugMode);

  const warnings = [...(client.Warnings ?? [])];
  const plugins = client.Plugins ?? [];
  if (plugins.length > 0) {
    out.ln(' Plugins:');
    for (const p of plugins) {
      if (!p.Err) {
        out.raw(`  ${p.Name}: ${p.ShortDescription ?? ''} (${p.Vendor ?? ''})\n`);
        out.lnNonEmpty('    Version: ', p.Version);
        out.lnNonEmpty('    Path:    ', p.Path);
      } else {
        warnings.push(`WARNING: Plugin ${goQuote(p.Path ?? '')} is not valid: ${p.Err}`);
      }
    }
  }
  if (warnings.length > 0) err.ln(warnings.join('\n'));
}

function printSwarmInfo(out: Printer, sw: SwarmInfo): void {
  if (sw.LocalNodeState === 'inactive' || sw.LocalNodeState === 'locked') return;
  out.ln('  NodeID:', sw.NodeID);
  if (sw.Error) out.ln('  Error:', sw.Error);
  out.ln('  Is Manager:', sw.ControlAvailable);
  const cluster = sw.Cluster;
  if (cluster && sw.ControlAvailable && !sw.Error && sw.LocalNodeState !== 'error') {
    const spec = cluster.Spec;
    out.ln('  ClusterID:', cluster.ID);
    out.ln('  Managers:', sw.Managers ?? 0);
    out.ln('  Nodes:', sw.Nodes ?? 0);
    if (cluster.DefaultAddrPool != null) {
      out.ln('  Default Address Pool:', cluster.DefaultAddrPool.map((p) => p + '  ').join(''));
      out.ln('  SubnetSize:', cluster.SubnetSize ?? 0);
    }
    if ((cluster.DataPathPort ?? 0) > 0) out.ln('  Data Path Port:', cluster.DataPathPort);
    out.ln('  Orchestration:');
    out.ln('   Task History Retention Limit:', spec?.Orchestration?.TaskHistoryRetentionLimit ?? 0);
    out.ln('  Raft:');
    out.ln('   Snapshot Interval:', spec?.Raft?.SnapshotInterval ?? 0);
    if (spec?.Raft?.KeepOldSnapshots != null) {
      out.raw(`   Number of Old Snapshots to Retain: ${spec.Raft.KeepOldSnapshots}\n`);
    }
    out.ln('   Heartbeat Tick:', spec?.Raft?.HeartbeatTick ?? 0);
    out.ln('   Election Tick:', spec?.Raft?.ElectionTick ?? 0);
    out.ln('  Dispatcher:');
    out.ln('   Heartbeat Period:', humanDuration(spec?.Dispatcher?.HeartbeatPeriod ?? 0));
    out.ln('  CA Configuration:');
    out.ln('   Expiry Duration:', humanDuration(spec?.CAConfig?.NodeCertExpiry ?? 0));
    out.ln('   Force Rotate:', spec?.CAConfig?.ForceRotate ?? 0);
    const caCert = goTrimSpace(spec?.CAConfig?.SigningCACert ?? '');
    if (caCert !== '') out.raw(`   Signing CA Certificate: \n${caCert}\n\n`);
    const externalCAs = spec?.CAConfig?.ExternalCAs ?? [];
    if (externalCAs.length > 0) {
      out.ln('   External CAs:');
      for (const entry of externalCAs) {
        if (entry) out.raw(`     ${entry.Protocol}: ${entry.URL}\n`);
      }
    }
    out.ln('  Autolock Managers:', spec?.EncryptionConfig?.AutoLockManagers ?? false);
    out.ln('  Root Rotation In Progress:', cluster.RootRotationInProgress ?? false);
  }
  out.ln('  Node Address:', sw.NodeAddr);
  const remotes = sw.RemoteManagers ?? [];
  if (remotes.length > 0) {
    const managers = remotes.map((e) => e.Addr).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    out.ln('  Manager Addresses:');
    for (const m of managers) out.raw(`   ${m}\n`);
  }
}

/** prettyPrintServerInfo; returns the errors it ran into. */
function printServerInfo(out: Printer, err: Printer, info: SystemInfo, clientDebug: boolean, userName: string): string[] {
  const errs: string[] = [];
  const plugins = info.Plugins ?? { Volume: null, Network: null, Authorization: null, Log: null };

  out.ln(' Containers:', info.Containers);
  out.ln('  Running:', info.ContainersRunning);
  out.ln('  Paused:', info.ContainersPaused);
  out.ln('  Stopped:', info.ContainersStopped);
  out.ln(' Images:', info.Images);
  out.lnNonEmpty(' Server Version:', info.ServerVersion);
  out.lnNonEmpty(' Storage Driver:', info.Driver);
  for (const [k, v] of info.DriverStatus ?? []) out.raw(`  ${k}: ${v}\n`);
  for (const [k, v] of info.SystemStatus ?? []) out.raw(` ${k}: ${v}\n`);
  out.lnNonEmpty(' Logging Driver:', info.LoggingDriver);
  out.lnNonEmpty(' Cgroup Driver:', info.CgroupDriver);
  out.lnNonEmpty(' Cgroup Version:', info.CgroupVersion);

  out.ln(' Plugins:');
  out.ln('  Volume:', (plugins.Volume ?? []).join(' '));
  out.ln('  Network:', (plugins.Network ?? []).join(' '));
  if ((plugins.Authorization ?? []).length !== 0) {
    out.ln('  Authorization:', (plugins.Authorization ?? []).join(' '));
  }
  out.ln('  Log:', (plugins.Log ?? []).join(' '));

  const cdiDirs = info.CDISpecDirs ?? [];
  if (cdiDirs.length > 0) {
    out.ln(' CDI spec directories:');
    for (const dir of cdiDirs) out.raw(`  ${dir}\n`);
  }

  const devices = info.DiscoveredDevices ?? [];
  if (devices.length > 0) {
    out.ln(' Discovered Devices:');
    for (const device of devices) out.raw(`  ${device.Source}: ${device.ID}\n`);
  }

  const swarm: SwarmInfo = info.Swarm ?? { NodeID: '', NodeAddr: '', LocalNodeState: '', ControlAvailable: false, Error: '', RemoteManagers: null };
  out.ln(' Swarm:', swarm.LocalNodeState ?? '');
  printSwarmInfo(out, swarm);

  // Go iterates the runtimes map in random order; this keeps the object's order.
  const runtimeNames = Object.keys(info.Runtimes ?? {});
  if (runtimeNames.length > 0) {
    out.ln(' Runtimes:', runtimeNames.join(' '));
    out.ln(' Default Runtime:', info.DefaultRuntime);
  }

  if (info.OSType === 'linux') {
    out.ln(' Init Binary:', info.InitBinary);
    out.ln(' containerd version:', info.ContainerdCommit?.ID ?? '');
    out.ln(' runc version:', info.RuncCommit?.ID ?? '');
    out.ln(' init version:', info.InitCommit?.ID ?? '');
    const secOpts = info.SecurityOptions ?? [];
    if (secOpts.length !== 0) {
      let kvs: SecurityOpt[] | null = null;
      try {
        kvs = decodeSecurityOptions(secOpts);
      } catch (e) {
        errs.push((e as Error).message);
      }
      if (kvs) {
        out.ln(' Security Options:');
        for (const so of kvs) {
          out.ln('  ' + so.Name);
          for (const o of so.Options) {
            if (o.Key === 'profile') out.ln('   Profile:', o.Value);
          }
        }
      }
    }
  }

  // Isolation only has meaning on a Windows daemon.
  if (info.OSType === 'windows') out.ln(' Default Isolation:', info.Isolation);

  out.lnNonEmpty(' Kernel Version:', info.KernelVersion);
  out.lnNonEmpty(' Operating System:', info.OperatingSystem);
  out.lnNonEmpty(' OSType:', info.OSType);
  out.lnNonEmpty(' Architecture:', info.Architecture);
  out.ln(' CPUs:', info.NCPU);
  out.ln(' Total Memory:', bytesSize(info.MemTotal));
  out.lnNonEmpty(' Name:', info.Name);
  out.lnNonEmpty(' ID:', info.ID);
  out.ln(' Docker Root Dir:', info.DockerRootDir);
  out.ln(' Debug Mode:', info.Debug);

  if (info.Debug || clientDebug) {
    out.ln('  File Descriptors:', info.NFd);
    out.ln('  Goroutines:', info.NGoroutines);
    out.ln('  System Time:', info.SystemTime);
    out.ln('  EventsListeners:', info.NEventsListener);
  }

  out.lnNonEmpty(' HTTP Proxy:', info.HttpProxy);
  out.lnNonEmpty(' HTTPS Proxy:', info.HttpsProxy);
  out.lnNonEmpty(' No Proxy:', info.NoProxy);
  out.lnNonEmpty(' Username:', userName);
  const labels = info.Labels ?? [];
  if (labels.length > 0) {
    out.ln(' Labels:');
    for (const lbl of labels) out.ln('  ' + lbl);
  }

  out.ln(' Experimental:', info.ExperimentalBuild);

  const reg = info.RegistryConfig;
  const insecureCIDRs = reg?.InsecureRegistryCIDRs ?? [];
  // Go iterates the IndexConfigs map in random order; this keeps the object's order.
  const indexConfigs = Object.values(reg?.IndexConfigs ?? {});
  if (reg && (insecureCIDRs.length > 0 || indexConfigs.length > 0)) {
    out.ln(' Insecure Registries:');
    for (const rc of indexConfigs) {
      if (rc && !rc.Secure) out.ln('  ' + rc.Name);
    }
    for (const cidr of insecureCIDRs) out.raw(`  ${formatCIDR(cidr)}\n`);
  }

  const mirrors = reg?.Mirrors ?? [];
  if (reg && mirrors.length > 0) {
    out.ln(' Registry Mirrors:');
    for (const mirror of mirrors) out.ln('  ' + mirror);
  }

  out.ln(' Live Restore Enabled:', info.LiveRestoreEnabled);
  if (info.ProductLicense) out.ln(' Product License:', info.ProductLicense);

  const pools = info.DefaultAddressPools ?? [];
  if (pools.length > 0) {
    out.ln(' Default Address Pools:');
    for (const pool of pools) out.raw(`   Base: ${pool.Base}, Size: ${pool.Size}\n`);
  }

  out.ln();
  for (const w of info.Warnings ?? []) err.ln(w);

  return errs;
}

/**
 * Render `docker info` (no --format) like docker 28.2.2: `out` is stdout,
 * `err` is stderr (client/daemon warnings and "ERROR: ..." lines).
 *
 * `info` null means no server information could be obtained (only
 * "Server:" is printed); `client` null prints a bare "Client:" header.
 */
export function formatInfo(
  info: SystemInfo | null,
  client: ClientInfo | null,
  opts: FormatInfoOptions = {},
): FormatInfoResult {
  const out = new Printer();
  const err = new Printer();
  const serverErrors = [...(opts.serverErrors ?? [])];
  const clientErrors = opts.clientErrors ?? [];

  const platform = client?.Platform?.Name ?? '';
  if (platform !== '') out.ln('Client:', platform);
  else out.ln('Client:');
  if (client) printClientInfo(out, err, client);
  for (const e of clientErrors) err.ln('ERROR:', e);

  out.ln();
  out.ln('Server:');
  if (info) serverErrors.push(...printServerInfo(out, err, info, client?.DebugMode ?? false, opts.userName ?? ''));
  for (const e of serverErrors) err.ln('ERROR:', e);

  const result: FormatInfoResult = { out: out.text, err: err.text };
  if (serverErrors.length > 0 || clientErrors.length > 0) result.error = 'errors pretty printing info';
  return result;
}
