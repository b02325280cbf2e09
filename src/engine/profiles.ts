// Engine version profiles: every behaviour that differs between the engines dockersim emulates
// is one row here (swarm-networking.md §0–§4, docker-cli-output.md §3.1, §5.3, §5.5).
// Code asks the profile; it never compares version strings.
import type { ProfileName } from '../state/schema';

export interface Profile {
  name: ProfileName;
  serverVersion: string;
  apiVersion: string;
  minApiVersion: string;
  goVersion: string;
  gitCommit: string;
  builtAt: string;
  containerd: { version: string; commit: string };
  runc: { version: string; commit: string };
  dockerInit: { version: string; commit: string };
  /** `EnableIPv4` in network inspect (API 1.48+). */
  inspectEnableIPv4: boolean;
  /** The value a cluster-store (not locally instantiated) overlay reports for EnableIPv4 (28.2 quirk). */
  clusterEnableIPv4: boolean;
  /** `Containers` of a cluster-view swarm network: null (v26–v28) or {} (v29). */
  clusterContainersNull: boolean;
  /** Next subnet: lowest free (v27+) or rotating from the last one handed out (≤v26). */
  subnetReuse: 'lowest-free' | 'rotating';
  /** Bridge endpoint MACs: derived from the IP (≤v27) or random (v28+). */
  bridgeMac: 'ip' | 'random';
  /** Interface order in a sandbox: sorted at namespace creation (≤v27) or join order (v28+). */
  interfaceOrder: 'sorted' | 'join';
  /** `docker run` error style: 28.x `docker: <err>\n\nRun 'docker run --help'…` vs ≤27 `docker: <err>.` */
  runErrorStyle: 'modern' | 'legacy';
  /** Prefix the daemon puts on start-time network errors (moby 28.0.1+). */
  networkingErrorPrefix: string;
  /** `network rm` ends with `exit status 1` when a ref failed (28.x client). */
  networkRmExitStatusLine: boolean;
  /** HostConfig.NetworkMode of swarm task containers. */
  taskNetworkMode: string;
  /** `GwPriority` in endpoint settings (API 1.48+). */
  endpointGwPriority: boolean;
  /** Per-layer lines in `docker run`'s pull output (the seed's transcript shows none). */
  pullLayerLines: boolean;
}

const PROFILES: Record<ProfileName, Profile> = {
  '28.2': {
    name: '28.2',
    serverVersion: '28.2.2',
    apiVersion: '1.50',
    minApiVersion: '1.24',
    goVersion: 'go1.24.3',
    gitCommit: '45873be',
    builtAt: '2025-05-30T12:07:26.000000000+00:00',
    containerd: { version: '1.7.27', commit: '05044ec0a9a75232cad458027ca83437aae3f4da' },
    runc: { version: '1.2.5', commit: 'v1.2.5-0-g59923ef' },
    dockerInit: { version: '0.19.0', commit: 'de40ad0' },
    inspectEnableIPv4: true,
    clusterEnableIPv4: false,
    clusterContainersNull: true,
    subnetReuse: 'lowest-free',
    bridgeMac: 'random',
    interfaceOrder: 'join',
    runErrorStyle: 'modern',
    networkingErrorPrefix: 'failed to set up container networking: ',
    networkRmExitStatusLine: true,
    taskNetworkMode: 'bridge',
    endpointGwPriority: true,
    pullLayerLines: true,
  },
  '26.1': {
    name: '26.1',
    serverVersion: '26.1.4',
    apiVersion: '1.45',
    minApiVersion: '1.24',
    goVersion: 'go1.21.11',
    gitCommit: 'de5c9cf',
    builtAt: '2024-06-05T11:29:26.000000000+00:00',
    containerd: { version: '1.6.33', commit: 'd2d58213f83a351ca8f528a95fbd145f5654e957' },
    runc: { version: '1.1.12', commit: 'v1.1.12-0-g51d5e94' },
    dockerInit: { version: '0.19.0', commit: 'de40ad0' },
    inspectEnableIPv4: false,
    clusterEnableIPv4: false,
    clusterContainersNull: true,
    subnetReuse: 'rotating',
    bridgeMac: 'ip',
    interfaceOrder: 'sorted',
    runErrorStyle: 'legacy',
    networkingErrorPrefix: '',
    networkRmExitStatusLine: false,
    taskNetworkMode: 'bridge',
    endpointGwPriority: false,
    pullLayerLines: false,
  },
};

export const DEFAULT_PROFILE: ProfileName = '28.2';

export function isProfileName(s: string): s is ProfileName {
  return Object.prototype.hasOwnProperty.call(PROFILES, s);
}

export function profile(name: ProfileName): Profile {
  return PROFILES[name];
}
