// The fuzzer's grammar, taken from the CLI itself: the command table (cli/registry.ts), each
// command's flags (docker's flag specs in fixtures/help/index.json, or the command's own for
// dockersim's commands) and its usage line for the positional arguments. Values are valid
// (names of objects that exist, images of the catalog, addresses that fit), mutated (absurd
// numbers, 10,000-character names, names docker rejects, bad CIDRs, IPv6, U+FFFD from non-UTF-8
// bytes, empty strings) or random.
import { COMMANDS } from '../../src/cli/registry';
import { flagSpecsOf, usageOf, helpIndex } from '../../src/cli/command';
import type { FlagSpec } from '../../src/cli/flags';
import { Rng } from '../../src/state/rng';
import type { State } from '../../src/state/schema';

/** Commands the fuzzer leaves out: `daemon` serves the API until stopped. */
const EXCLUDED = new Set(['daemon']);

/** How often each command is drawn (default 1): those that build state up come more often. */
const WEIGHTS: Record<string, number> = {
  'network create': 8,
  'service create': 8,
  'container run': 6,
  'network rm': 3,
  'service rm': 3,
  'container rm': 3,
  'service scale': 3,
  'service update': 4,
  'node update': 3,
  'network connect': 2,
  'network disconnect': 2,
  'container create': 2,
  'container stop': 2,
  'container start': 2,
  'swarm init': 1,
  'swarm join': 1,
  'swarm leave': 1,
  'lab up': 0.4,
  'lab reset': 0.2,
  'system reset': 0.2,
  'machine create': 1,
  'machine rm': 0.5,
  'container exec': 0.6,
  'machine ssh': 0.4,
  'lab run': 0.2,
  'lab verify': 0.2,
  trace: 0.5,
};

/** What the fuzzer knows of the state: names to use as valid references. */
export interface Pool {
  networks: string[];
  services: string[];
  containers: string[];
  nodes: string[];
  machines: string[];
  images: string[];
}

export function poolOf(state: State | undefined): Pool {
  const pool: Pool = { networks: ['bridge', 'host', 'none'], services: [], containers: [], nodes: ['self'], machines: [], images: [...IMAGES] };
  if (!state) return pool;
  for (const m of state.machines) {
    pool.machines.push(m.name);
    for (const n of m.networks) pool.networks.push(n.name, n.id.slice(0, 12));
    for (const c of m.containers) pool.containers.push(c.name, c.id.slice(0, 12));
  }
  for (const n of state.swarm?.networks ?? []) pool.networks.push(n.name, n.id);
  for (const s of state.swarm?.services ?? []) pool.services.push(s.spec.Name, s.id.slice(0, 10));
  for (const n of state.swarm?.nodes ?? []) pool.nodes.push(n.machine, n.id);
  pool.networks = [...new Set(pool.networks)];
  return pool;
}

const IMAGES = ['nginx', 'nginx:latest', 'nginx:alpine', 'alpine', 'busybox', 'traefik/whoami', 'coolgourav147/sleeper_traceroute', 'ubuntu', 'redis', 'httpd'];
const LONG = 'a'.repeat(10_000);
/** What a non-UTF-8 byte in argv becomes once Node decodes it. */
const BAD_UTF8 = 'n\uFFFDt\uFFFD';
const ABSURD_NUMBERS = ['99999999', '-1', '18446744073709551615', '18446744073709551616', '9223372036854775808', '1e9', '0x10', '', 'NaN', '1.5'];
const BAD_NAMES = ['', ' ', 'a b', '-lead', 'trail-', 'x'.repeat(64), LONG, `${'a'.repeat(40)}!`, BAD_UTF8, 'UPPER_lower', 'dots.in.name', '../etc', '$(whoami)', 'a\tb', 'ñame'];
const CIDRS = ['10.10.0.0/24', '10.20.0.0/16', '172.30.0.0/24', '192.168.200.0/24', '10.0.0.0/8'];
const BAD_CIDRS = ['10.0.0.1/24', '10.0.0.0/33', '300.1.1.0/24', 'fe80::/64', '2001:db8::/32', '10.0.0.0', 'foo', '', '0.0.0.0/0', '10.0.0.0/-1', '01.2.3.0/24', LONG];
const TEMPLATES = ['{{.ID}}', '{{json .}}', 'table {{.Name}}\t{{.ID}}', '{{.Name}}', '{{.Bogus}}', '{{', '{{end}}', 'json', 'table', '{{range .}}x{{end}}', '{{index .Labels "a"}}', '{{printf "%5.2f" 3.14159}}', '{{.Spec.Name | upper}}', LONG];
const DURATIONS = ['1s', '5m', '0s', '1h30m', '250ms'];
const BAD_DURATIONS = ['bogus', '-1s', '99999999999h', '1', '', '1x'];

export class Grammar {
  readonly commands: Array<{ path: string; weight: number }>;
  private total: number;
  private fresh = 0;

  constructor(private readonly rng: Rng) {
    this.commands = [...COMMANDS.keys()].filter((p) => !EXCLUDED.has(p)).map((path) => ({ path, weight: WEIGHTS[path] ?? 1 }));
    this.total = this.commands.reduce((a, c) => a + c.weight, 0);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[this.rng.int(xs.length)];
  }

  private chance(p: number): boolean {
    return this.rng.float() < p;
  }

  private word(): string {
    const letters = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let s = '';
    for (let i = 0, n = 1 + this.rng.int(8); i < n; i++) s += letters[this.rng.int(letters.length)];
    return s;
  }

  private newName(prefix: string): string {
    return `${prefix}${++this.fresh}`;
  }

  /** A random string: printable, control characters, quotes, template braces. */
  private garbage(): string {
    const chars = 'aZ09 -_.:/=,@%{}[]"\'\\\t|&;*?$~\u00e9\u4e2d\uFFFD';
    let s = '';
    for (let i = 0, n = this.rng.int(24); i < n; i++) s += chars[this.rng.int(chars.length)];
    return s;
  }

  /** valid | mutated | random */
  private mode(): 'valid' | 'mutated' | 'random' {
    const r = this.rng.float();
    return r < 0.55 ? 'valid' : r < 0.88 ? 'mutated' : 'random';
  }

  private ref(kind: keyof Pool, pool: Pool, fallback: () => string): string {
    const list = pool[kind];
    const m = this.mode();
    if (m === 'valid' && list.length) return this.pick(list);
    if (m === 'mutated') return this.pick([...BAD_NAMES, 'nosuch', list.length ? this.pick(list).slice(0, 3) : '']);
    return fallback();
  }

  /** A value for flag `f` of command `path`. */
  value(path: string, f: FlagSpec, pool: Pool): string {
    const name = f.long;
    const m = this.mode();
    if (m === 'random') return this.garbage();
    const absurd = m === 'mutated';
    switch (name) {
      case 'name':
        return absurd ? this.pick(BAD_NAMES) : this.newName(path.startsWith('service') ? 'svc' : path.startsWith('network') ? 'net' : 'ctr');
      case 'format':
        return this.pick(TEMPLATES);
      case 'filter':
        return absurd ? this.pick(['bogus=1', 'noequals', 'name', '=x', LONG]) : this.pick(['name=' + this.word(), 'label=a', 'driver=overlay', 'scope=swarm', 'type=custom', 'role=manager', 'desired-state=running', 'status=running', 'dangling=true', 'reference=ngi*', `name=${this.pick([...pool.networks, ...pool.services, 'x'])}`]);
      case 'driver':
        return absurd ? this.pick(['bogus', '', 'host', 'null', LONG]) : this.pick(['overlay', 'bridge', 'overlay', 'macvlan']);
      case 'subnet':
      case 'ip-range':
        return absurd ? this.pick(BAD_CIDRS) : this.pick(CIDRS);
      case 'gateway':
      case 'ip':
        return absurd ? this.pick(['10.0.0.300', 'fe80::1', 'x', '', LONG]) : this.pick(['10.10.0.1', '10.20.0.254', '172.30.0.1']);
      case 'replicas':
      case 'replicas-max-per-node':
        return absurd ? this.pick(ABSURD_NUMBERS) : String(this.rng.int(5));
      case 'network':
      case 'network-add':
      case 'network-rm':
        return this.ref('networks', pool, () => `name=${this.word()},alias=${this.word()}`);
      case 'mode':
        return absurd ? this.pick(['bogus', '', 'replicated-job', LONG]) : this.pick(['replicated', 'global']);
      case 'endpoint-mode':
        return absurd ? this.pick(['bogus', '']) : this.pick(['vip', 'dnsrr']);
      case 'availability':
        return absurd ? this.pick(['bogus', '', 'Active']) : this.pick(['active', 'pause', 'drain']);
      case 'role':
        return absurd ? this.pick(['bogus', '', 'Manager']) : this.pick(['worker', 'manager']);
      case 'publish':
      case 'publish-add':
      case 'publish-rm':
        return absurd ? this.pick(['99999999:80', '0:0', '80-70:80', 'published=x,target=80', 'mode=bogus,target=80', 'target=', '-1', LONG]) : this.pick(['80', `${8000 + this.rng.int(100)}:80`, 'published=8181,target=80', 'mode=host,target=80,published=8282', '53:53/udp']);
      case 'constraint':
      case 'constraint-add':
        return absurd ? this.pick(['node.role', 'a==b==c', 'node.labels.x!=', LONG]) : this.pick(['node.role==manager', 'node.role!=manager', 'node.labels.zone==a', `node.hostname==${this.pick(pool.machines.length ? pool.machines : ['docker'])}`]);
      case 'label':
      case 'label-add':
      case 'label-rm':
      case 'container-label':
      case 'env':
      case 'env-add':
      case 'opt':
        return absurd ? this.pick([LONG, `${LONG}=x`, '=', '', BAD_UTF8]) : `${this.word()}=${this.word()}`;
      case 'image':
        return absurd ? this.pick(['UPPER', 'nginx:', 'no such/image', '', LONG, 'nginx@sha256:abc']) : this.pick(pool.images);
      case 'context':
        return this.ref('machines', pool, () => this.word());
      case 'availability-add':
        return this.word();
      default:
        break;
    }
    switch (f.type) {
      case 'bool':
        return absurd ? this.pick(['maybe', '2', '']) : this.pick(['true', 'false']);
      case 'int':
      case 'uint':
      case 'uint16':
      case 'uint32':
        return absurd ? this.pick(ABSURD_NUMBERS) : String(this.rng.int(10));
      case 'float':
      case 'decimal':
        return absurd ? this.pick(['x', '-1', '1e309', '', 'NaN']) : this.pick(['0.5', '1', '0.25']);
      case 'duration':
        return absurd ? this.pick(BAD_DURATIONS) : this.pick(DURATIONS);
      case 'bytes':
        return absurd ? this.pick(['x', '-1', '99999999999999999999g', '']) : this.pick(['64m', '1g', '512k']);
      case 'map':
      case 'stringToString':
      case 'list':
      case 'strings':
        return absurd ? this.pick([LONG, '=', '', BAD_UTF8, 'k']) : `${this.word()}=${this.word()}`;
      default:
        return absurd ? this.pick([LONG, '', BAD_UTF8, '-', '--']) : this.word();
    }
  }

  /** Positional arguments from the usage line (`NETWORK`, `IMAGE [COMMAND] [ARG...]`, …). */
  args(path: string, usage: string, pool: Pool): string[] {
    const tail = usage.replace(/^\S+\s+/, '').replace(/^[a-z-]+( [a-z-]+)?\s*/, '').replace(/\[OPTIONS\]\s*/, '').trim();
    const out: string[] = [];
    for (const raw of tail.split(/\s+/).filter(Boolean)) {
      const optional = raw.startsWith('[');
      const word = raw.replace(/[[\].]/g, '');
      if (optional && this.chance(0.5)) continue;
      const repeat = raw.includes('...') ? 1 + this.rng.int(2) : 1;
      for (let i = 0; i < repeat; i++) out.push(this.positional(path, word, pool));
    }
    if (this.chance(0.05)) out.push(this.garbage());
    return out;
  }

  private positional(path: string, word: string, pool: Pool): string {
    const m = this.mode();
    const alt = word.split('|');
    if (alt.length > 1 && /^[a-z]/.test(alt[0])) return m === 'valid' ? this.pick(alt) : this.pick([...alt, this.word(), '']);
    switch (word) {
      case 'NETWORK':
        return path === 'network create' ? (m === 'valid' ? this.newName('net') : m === 'mutated' ? this.pick(BAD_NAMES) : this.garbage()) : this.ref('networks', pool, () => this.garbage());
      case 'SERVICE':
        return this.ref('services', pool, () => this.garbage());
      case 'SERVICE=REPLICAS':
        return `${this.ref('services', pool, () => this.word())}=${m === 'mutated' ? this.pick(ABSURD_NUMBERS) : String(this.rng.int(4))}`;
      case 'NODE':
        return this.ref('nodes', pool, () => this.garbage());
      case 'CONTAINER':
        return this.ref('containers', pool, () => this.garbage());
      case 'IMAGE':
        return m === 'valid' ? this.pick(pool.images) : m === 'mutated' ? this.pick(['UPPER', 'nginx:', 'unknown/image', '', LONG, 'a@b', BAD_UTF8]) : this.garbage();
      case 'COMMAND':
        return this.pick(['sleep', 'echo', 'cat', 'true', 'false', 'nosuchcmd', 'hostname']);
      case 'ARG':
        return this.pick(['1000', 'hi', '/etc/hostname', '-n', '']);
      case 'NAME':
        return path.startsWith('machine') ? (m === 'valid' ? this.newName('m') : this.pick(BAD_NAMES)) : this.word();
      case 'CONTEXT':
        return this.ref('machines', pool, () => this.word());
      case 'HOST:PORT':
        return m === 'valid' ? '192.168.1.221:2377' : this.pick(['nosuch:2377', '1.2.3.4', '', LONG]);
      case 'TOPOLOGY':
        return m === 'valid' ? this.pick(['overlay', 'single']) : this.word();
      case 'SHELL':
        return this.pick(['bash', 'zsh', 'fish', 'tcsh']);
      default:
        return m === 'valid' ? this.word() : m === 'mutated' ? this.pick(BAD_NAMES) : this.garbage();
    }
  }

  /** A whole command line. */
  commandLine(pool: Pool): { path: string; argv: string[]; flags: string[] } {
    let r = this.rng.float() * this.total;
    let path = this.commands[0].path;
    for (const c of this.commands) {
      r -= c.weight;
      if (r <= 0) {
        path = c.path;
        break;
      }
    }
    const def = COMMANDS.get(path)!;
    const argv: string[] = [];
    const used: string[] = [];
    // Global flags, sometimes.
    if (this.chance(0.08)) argv.push('-c', this.ref('machines', pool, () => this.word()));
    if (this.chance(0.02)) argv.push(this.pick(['-D', '--log-level=debug', '--tls', '-H', 'unix:///x']));
    argv.push(...path.split(' '));
    if (path === 'container exec' || path === 'machine ssh') return this.shellLine(path, pool, argv);
    const specs = flagSpecsOf(def);
    const nflags = this.rng.int(Math.min(4, specs.length + 1));
    for (let i = 0; i < nflags; i++) {
      const f = this.pick(specs);
      // --help prints help; lab's --clock makes the lab's clock whatever it parses to (a twin home
      // would get another time for a value that does not parse).
      if (f.long === 'help' || f.long === 'clock') continue;
      used.push(f.long);
      const form = this.rng.int(4);
      if (f.type === 'bool' && form < 3) argv.push(form === 0 && f.short ? `-${f.short}` : `--${f.long}`);
      else {
        const v = this.value(path, f, pool);
        if (form === 0 && f.short) argv.push(`-${f.short}`, v);
        else if (form === 1) argv.push(`--${f.long}=${v}`);
        else argv.push(`--${f.long}`, v);
      }
    }
    // A flag no command has, sometimes.
    if (this.chance(0.03)) argv.push(this.pick(['--bogus', '-Z', '--replicas=', '---x']));
    if (path === 'network prune' || path === 'container rm' || path === 'node rm') if (this.chance(0.5)) argv.push('-f');
    if (path === 'service create' || path === 'service update' || path === 'service scale' || path === 'service rollback') if (this.chance(0.8)) argv.push('-d');
    argv.push(...this.args(path, usageOf(def), pool));
    return { path, argv, flags: used };
  }

  /**
   * exec / ssh run a shell command; only commands whose exit status is docker's own (0, 1, 126,
   * 127) are drawn, so the exit-code check holds for them too.
   */
  private shellLine(path: string, pool: Pool, argv: string[]): { path: string; argv: string[]; flags: string[] } {
    const target = path === 'machine ssh' ? this.ref('machines', pool, () => this.word()) : this.ref('containers', pool, () => this.word());
    const cmd = this.pick([['ls', '/'], ['cat', '/etc/hostname'], ['hostname'], ['nosuchcmd'], ['true'], ['false'], ['echo', LONG.slice(0, 200)]]);
    if (path === 'machine ssh') argv.push(target, '--', ...cmd);
    else argv.push(target, ...cmd);
    return { path, argv, flags: [] };
  }
}

/** Unknown commands and flags too (docker's 1 and 125). */
export function strayLine(rng: Rng): string[] {
  const lines = [['bogus'], ['network', 'bogus'], ['service'], ['volume', 'ls'], ['network', 'ls', '--bogus'], ['--bogus'], ['-c'], [], ['help', 'network'], ['--version'], ['service', 'create']];
  return lines[rng.int(lines.length)];
}

export { helpIndex };
