import { describe, it, expect } from '@jest/globals';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const HELP = path.join(ROOT, 'fixtures', 'help');
const REFERENCE = '/work/shared/reference/docker-cli-output.md';

interface Flag {
  long: string;
  short?: string;
  type: string;
  default?: string;
}
interface Entry {
  usage: string;
  aliases: string[];
  flags: Flag[];
}

function readIndex(): Record<string, Entry> {
  return JSON.parse(fs.readFileSync(path.join(HELP, 'index.json'), 'utf8')) as Record<string, Entry>;
}

/** The first fenced block after the given heading of the reference document. */
function referenceBlock(heading: string): string {
  const md = fs.readFileSync(REFERENCE, 'utf8');
  const at = md.indexOf(heading);
  if (at < 0) throw new Error(`heading not found: ${heading}`);
  const open = md.indexOf('```\n', at) + 4;
  const close = md.indexOf('```\n', open);
  return md.slice(open, close);
}

// §8.2 of the reference: `docker network create --help` flags.
const NETWORK_CREATE_FLAGS: Array<[string, string, string?]> = [
  ['attachable', 'bool'],
  ['aux-address', 'map'],
  ['config-from', 'string'],
  ['config-only', 'bool'],
  ['driver', 'string', 'd'],
  ['gateway', 'strings'],
  ['ingress', 'bool'],
  ['internal', 'bool'],
  ['ip-range', 'strings'],
  ['ipam-driver', 'string'],
  ['ipam-opt', 'map'],
  ['ipv4', 'bool'],
  ['ipv6', 'bool'],
  ['label', 'list'],
  ['opt', 'map', 'o'],
  ['scope', 'string'],
  ['subnet', 'strings'],
];

describe('fixtures/help', () => {
  it('index.json parses and covers every captured help text', () => {
    const index = readIndex();
    const txt = fs
      .readdirSync(HELP)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => f.slice(0, -4))
      .sort();
    expect(Object.keys(index).sort()).toEqual(txt);
    for (const name of ['docker', 'network', 'network-create', 'service-create', 'run', 'ps', 'swarm-join-token']) {
      expect(index[name]).toBeDefined();
    }
    for (const [name, entry] of Object.entries(index)) {
      expect(typeof entry.usage).toBe('string');
      expect(entry.usage.startsWith('docker')).toBe(true);
      expect(Array.isArray(entry.aliases)).toBe(true);
      for (const f of entry.flags) {
        expect(f.long).toMatch(/^[a-z0-9][a-z0-9-]*$/);
        expect(f.type).toMatch(/^\S+$/);
        if (f.short !== undefined) expect(f.short).toMatch(/^\S$/);
      }
      expect(name).toMatch(/^[a-z-]+$/);
    }
  });

  it('network-create has the 17 flags of §8.2 with the right types', () => {
    const entry = readIndex()['network-create'];
    expect(entry.usage).toBe('docker network create [OPTIONS] NETWORK');
    expect(entry.aliases).toEqual([]);
    expect(entry.flags).toHaveLength(17);
    expect(entry.flags.map((f) => f.long)).toEqual(NETWORK_CREATE_FLAGS.map(([l]) => l));
    for (const [long, type, short] of NETWORK_CREATE_FLAGS) {
      const f = entry.flags.find((x) => x.long === long);
      expect(f).toBeDefined();
      expect(f!.type).toBe(type);
      expect(f!.short).toBe(short);
    }
    const byName = Object.fromEntries(entry.flags.map((f) => [f.long, f]));
    expect(byName.driver.default).toBe('"bridge"');
    expect(byName.opt.default).toBe('map[]');
    expect(byName.ipv4.default).toBe('true');
    expect(byName.attachable.default).toBeUndefined();
  });

  it('global options of `docker --help` are under "docker"', () => {
    const entry = readIndex().docker;
    expect(entry.usage).toBe('docker [OPTIONS] COMMAND');
    const host = entry.flags.find((f) => f.long === 'host');
    expect(host).toEqual({ long: 'host', short: 'H', type: 'list' });
    expect(entry.flags.find((f) => f.long === 'context')).toMatchObject({ short: 'c', type: 'string' });
  });

  it('aliases are taken from the Aliases section', () => {
    const index = readIndex();
    expect(index['network-ls'].aliases).toEqual(['docker network ls', 'docker network list']);
    expect(index.ps.aliases).toContain('docker ps');
  });

  it('network-create.txt equals the §8.2 block of the reference byte for byte', () => {
    const captured = fs.readFileSync(path.join(HELP, 'network-create.txt'), 'utf8');
    expect(captured).toBe(referenceBlock('### 8.2 `docker network create --help`'));
  });

  it('errors.json holds argv/stderr/exit records', () => {
    const errors = JSON.parse(fs.readFileSync(path.join(HELP, 'errors.json'), 'utf8')) as Array<{
      argv: string[];
      stderr: string;
      exit: number;
    }>;
    expect(errors.length).toBeGreaterThan(0);
    const find = (argv: string) => errors.find((e) => e.argv.join(' ') === argv);
    expect(find('network create --bogus')).toEqual({
      argv: ['network', 'create', '--bogus'],
      stderr:
        'unknown flag: --bogus\n\nUsage:  docker network create [OPTIONS] NETWORK\n\n' +
        "Run 'docker network create --help' for more information\n",
      exit: 125,
    });
    expect(find('network create')?.exit).toBe(1);
  });
});

describe('fixtures/names.json', () => {
  it('has the 108 left and 236 right words of the names generator', () => {
    const names = JSON.parse(fs.readFileSync(path.join(ROOT, 'fixtures', 'names.json'), 'utf8')) as {
      left: string[];
      right: string[];
    };
    expect(names.left).toHaveLength(108);
    expect(names.right).toHaveLength(236);
    expect(new Set(names.left).size).toBe(108);
    expect(new Set(names.right).size).toBe(236);
    expect(names.left).toContain('funny');
    expect(names.left).toContain('clever');
    expect(names.right).toContain('easley');
    expect(names.right).toContain('sammet');
    expect(names.left[0]).toBe('admiring');
    expect(names.left[107]).toBe('zen');
    expect(names.right[0]).toBe('agnesi');
    expect(names.right[235]).toBe('zhukovsky');
  });
});
