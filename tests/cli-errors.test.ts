// Flag and argument errors, checked against what the real docker 28.2.2 client printed
// (fixtures/help/errors.json, captured by fixtures/help/capture.sh), for every command dockersim
// simulates.
import { describe, it, expect } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { Sim } from './helpers';
import { COMMANDS, canonicalPath, GROUPS, isDockerCommand } from '../src/cli/registry';

interface Case {
  argv: string[];
  stderr: string;
  exit: number;
}

const cases: Case[] = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'help', 'errors.json'), 'utf8'));

/** The case reaches a command dockersim simulates (or an unknown command). */
function simulated(argv: string[]): boolean {
  const words = argv.filter((a) => !a.startsWith('-'));
  const path = canonicalPath(GROUPS.has(words[0]) ? words.slice(0, 2).join(' ') : words[0]);
  return COMMANDS.has(path) || !isDockerCommand(path);
}

describe('errors match the real docker client', () => {
  const active = cases.filter((c) => simulated(c.argv));
  it('covers the network, swarm, node and context cases at least', () => {
    expect(active.length).toBeGreaterThanOrEqual(18);
  });
  for (const c of active) {
    it(`docker ${c.argv.join(' ')}`, async () => {
      const sim = new Sim();
      const r = await sim.run(c.argv, { prog: 'docker' });
      expect(r.stderr).toBe(c.stderr);
      expect(r.code).toBe(c.exit);
      expect(r.stdout).toBe('');
    });
  }
});

describe('help texts are docker\'s own', () => {
  it('network create --help prints fixtures/help/network-create.txt on stdout', async () => {
    const sim = new Sim();
    const r = await sim.run('network create --help');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'help', 'network-create.txt'), 'utf8'));
  });

  it('a group without subcommand prints its help on stderr, exit 0', async () => {
    const sim = new Sim();
    const r = await sim.run('network');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'help', 'network.txt'), 'utf8'));
  });

  it('names itself dockersim when invoked as dockersim', async () => {
    const sim = new Sim();
    const r = await sim.run('network create --bogus', { prog: 'dockersim' });
    expect(r.stderr).toBe("unknown flag: --bogus\n\nUsage:  dockersim network create [OPTIONS] NETWORK\n\nRun 'dockersim network create --help' for more information\n");
    const h = await sim.run('network ls --help', { prog: 'dockersim' });
    expect(h.stdout.startsWith('Usage:  dockersim network ls [OPTIONS]\n\nList networks\n\nAliases:\n  dockersim network ls, dockersim network list\n')).toBe(true);
  });

  it('-h prints pflag\'s deprecation line first', async () => {
    const sim = new Sim();
    const r = await sim.run('network ls -h');
    expect(r.stdout.startsWith('Flag shorthand -h has been deprecated, use --help\nUsage:  docker network ls [OPTIONS]')).toBe(true);
  });
});
