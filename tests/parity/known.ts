// Differences between dockersim's CLI and the real docker 28.2.2 CLI that the parity sessions
// found, with the side that is wrong: in every case dockersim's CLI (files this work does not
// own). A step marked with one of these still runs and is compared byte for byte after only
// that difference is normalised away; the KNOWN tests check the real CLI's side of each claim.
import { portKeyOrder } from './harness';

/** Each entry: why (with the file to fix) and the normalisation that removes only that difference. */
export const KNOWN = {
  pullDefaultTag: {
    why: 'docker pull NAME prints "Using default tag: latest" before it asks the daemon, also when the pull then fails; dockersim prints it only on success (src/cli/image.ts pull)',
    normalize: (t: string) => t.replace(/^Using default tag: latest\n$/, ''),
  },
  pruneBlankLine: {
    why: 'network prune: docker prints the report with Fprintln, so a blank line ends it; dockersim stops after the last name (src/cli/network.ts prune)',
    normalize: (t: string) => t.replace(/\n\n$/, '\n'),
  },
  portOrder: {
    why: 'PortConfig keys: docker prints Go struct order (…, PublishedPort, PublishMode); dockersim stores and prints PublishMode before PublishedPort (src/cli/service-spec.ts parsePorts, src/engine/spec.ts normalizeSpec does not order them)',
    normalize: portKeyOrder,
  },
  nodeNotFound: {
    why: "node inspect of a missing node: docker prints the daemon's error (`Error response from daemon: node nope not found`); dockersim prints `Error: no such node: nope` (src/cli/node.ts inspect)",
    normalize: (t: string) => t.replace(/^Error: no such node: (\S+)$/gm, 'Error response from daemon: node $1 not found'),
  },
  serviceLocalNetwork: {
    why: "service create --network <local bridge>: docker resolves every --network with GET /networks/NAME?scope=swarm first, so the daemon's answer is `network br2 not found`; dockersim's CLI sends the name and prints the engine's later check `The network br2 cannot be used with services…` (src/cli/service-spec.ts / src/cli/service.ts create)",
    normalize: (t: string) => t.replace(/^Error response from daemon: The network (\S+) cannot be used with services\. .*$/gm, 'Error response from daemon: network $1 not found'),
  },
  ttyNewlines: {
    why: 'exec -t: the process writes to a pty, whose line discipline turns LF into CR LF; dockersim CLI prints the bare LF (src/cli/exec.ts execOnce)',
    normalize: (t: string) => t.replace(/\r\n/g, '\n'),
  },
  infoCounts: {
    why: 'docker info counts containers and images (moby daemon/info.go); dockersim CLI always shows 0 (src/cli/system.ts calls infoView without counts)',
    normalize: (t: string) => t.replace(/^( Containers| {2}Running| {2}Paused| {2}Stopped| Images): \d+$/gm, '$1: N'),
  },
};
