// Issue "Trust and speed" point 2: 200 mutating commands (network, service and container creates
// and removes), each SIGKILLed at a random moment half of the time. After every command the state
// loads and is consistent, and it holds every change whose command exited 0; a lock left by a
// killed process never holds up the next command (it is taken over at once: the owner is dead).
import { describe, it, expect } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { BIN, spawnCli, tempHome } from './helpers';
import { readState } from '../src/state/store';
import { checkConsistency } from '../src/state/consistency';
import { Rng } from '../src/state/rng';
import type { State } from '../src/state/schema';
import '../src/engine/task-containers';

const COMMANDS = Number(process.env.CRASH_COMMANDS || 200);

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  ms: number;
}

function runKilled(args: string[], env: NodeJS.ProcessEnv, killAfterMs: number | undefined): Promise<Outcome> {
  return new Promise((resolve) => {
    const t = Date.now();
    const p = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => p.kill('SIGKILL'), killAfterMs);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, ms: Date.now() - t });
    });
  });
}

type Known = 'present' | 'absent' | 'unknown';

describe('SIGKILL at random moments', () => {
  it(`${COMMANDS} mutating commands: a loadable, consistent state holding every change that exited 0`, async () => {
    const home = tempHome();
    const env = { DOCKERSIM_HOME: home, DOCKERSIM_SEED: 'crash' };
    expect(spawnCli(['swarm', 'init'], env).code).toBe(0);
    const rng = Rng.fromSeed('crash-test');
    const pick = <T>(xs: T[]) => xs[rng.int(xs.length)];
    const known = { network: new Map<string, Known>(), service: new Map<string, Known>(), container: new Map<string, Known>() };
    const named = (kind: keyof typeof known, want: Known) => [...known[kind]].filter(([, k]) => k === want).map(([n]) => n);
    // Names with '-': never a prefix of an object's ID (docker matches those too: `rm c3` could
    // remove a container whose ID starts with c3 once no container is named c3).
    let next = 0;
    let killed = 0;
    let killedHoldingLock = 0;
    let lockLeft = false;
    /** How long the commands that found a killed process's lock took. */
    const afterLockKill: number[] = [];
    const exists = (state: State, kind: keyof typeof known, name: string) =>
      kind === 'network'
        ? state.swarm!.networks.some((n) => n.name === name)
        : kind === 'service'
          ? state.swarm!.services.some((s) => s.spec.Name === name)
          : state.machines[0].containers.some((c) => c.name === name);

    for (let i = 0; i < COMMANDS; i++) {
      const r = rng.float();
      let kind: keyof typeof known;
      let name: string;
      let args: string[];
      let creates: boolean;
      const nets = named('network', 'present');
      if (r < 0.2 || !nets.length) {
        [kind, name, creates] = ['network', `net-${next++}`, true];
        args = ['network', 'create', '-d', 'overlay', '--attachable', name];
      } else if (r < 0.32) {
        [kind, name, creates] = ['network', pick([...known.network.keys()]), false];
        args = ['network', 'rm', name];
      } else if (r < 0.55) {
        [kind, name, creates] = ['service', `svc-${next++}`, true];
        args = ['service', 'create', '-d', '--name', name, '--replicas', String(1 + rng.int(3)), '--network', pick(nets), 'nginx'];
      } else if (r < 0.67 && known.service.size) {
        [kind, name, creates] = ['service', pick([...known.service.keys()]), false];
        args = ['service', 'rm', name];
      } else if (r < 0.88 || !known.container.size) {
        [kind, name, creates] = ['container', `ctr-${next++}`, true];
        args = ['container', 'run', '-d', '--name', name, ...(rng.float() < 0.5 ? ['--network', pick(nets)] : []), 'alpine', 'sleep', '1000'];
      } else {
        [kind, name, creates] = ['container', pick([...known.container.keys()]), false];
        args = ['container', 'rm', '-f', name];
      }
      // Killed half of the time, at a moment spread over a command's life (~50-100 ms here).
      const kill = rng.float() < 0.5 ? rng.int(90) : undefined;
      const out = await runKilled(args, env, kill);
      if (!out.signal && lockLeft) afterLockKill.push(out.ms);
      lockLeft = !!out.signal && fs.existsSync(path.join(home, 'state.json.lock'));
      if (out.signal) killed++;
      if (lockLeft) killedHoldingLock++;

      if (out.code === 0) known[kind].set(name, creates ? 'present' : 'absent');
      else if (out.signal) known[kind].set(name, 'unknown');
      else if (!creates && /not found|No such/.test(out.stderr)) known[kind].set(name, 'absent');
      else if (out.code !== 1) throw new Error(`${args.join(' ')}: exit ${out.code}: ${out.stderr}`);

      const state = readState(env)!;
      expect(checkConsistency(state)).toEqual([]);
      for (const k of ['network', 'service', 'container'] as const) {
        for (const n of named(k, 'present')) if (!exists(state, k, n)) throw new Error(`step ${i} (${args.join(' ')}): ${k} ${n} exited 0 but is not in the state`);
        for (const n of named(k, 'absent')) if (exists(state, k, n)) throw new Error(`step ${i} (${args.join(' ')}): ${k} ${n} was removed (exit 0) but is in the state`);
      }
    }
    // Many commands were killed, some while holding the lock; the next command took that lock over
    // at once (its owner is dead) instead of waiting for it to go stale (2 s).
    expect(killed).toBeGreaterThan(COMMANDS / 5);
    expect(killedHoldingLock).toBeGreaterThan(3);
    const median = [...afterLockKill].sort((a, b) => a - b)[Math.floor(afterLockKill.length / 2)];
    expect(median).toBeLessThan(1500);
    // The next writer clears what killed writers left: no temp files, no lock.
    expect(spawnCli(['network', 'create', '-d', 'overlay', 'last'], env).code).toBe(0);
    expect(fs.readdirSync(home).filter((f) => f !== 'state.json')).toEqual([]);
    expect(fs.existsSync(path.join(home, 'state.json.lock'))).toBe(false);
  }, 300_000);
});
