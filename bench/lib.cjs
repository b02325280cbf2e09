// Shared by the benches: timing a command in a child process (wall time, peak RSS) and the
// report line format `name  value  target  ok|MISS`.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const bin = path.join(root, 'bin', 'dockersim');
const rss = path.join(__dirname, 'rss.cjs');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs `args` (node arguments) once: { ms, rssKiB, status, stdout, stderr }. */
function timed(args, env, { withRss = false } = {}) {
  const argv = withRss ? ['-r', rss, ...args] : args;
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { env, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  let stderr = r.stderr ? r.stderr.toString() : '';
  let rssKiB = 0;
  const m = /\n__maxrss (\d+)\n$/.exec(stderr);
  if (m) {
    rssKiB = Number(m[1]);
    stderr = stderr.slice(0, m.index);
  }
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${stderr}`);
  return { ms, rssKiB, stdout: r.stdout, stderr };
}

/** One report line; `ok` undefined prints no verdict column value other than ok. */
function line(name, value, target, ok) {
  const verdict = ok === undefined ? 'ok' : ok ? 'ok' : 'MISS';
  const text = `${name.padEnd(50)} ${String(value).padStart(12)}   ${String(target).padEnd(10)} ${verdict}`;
  console.log(text);
  return ok !== false;
}

/**
 * Writes a generated cluster state (bench/scale-state.ts, bundled on the fly) into `dir` unless
 * one is there: `shape` = { nodes, services, tasks, networks }.
 */
function buildScaleState(dir, shape) {
  const file = path.join(dir, 'state.json');
  if (fs.existsSync(file)) return;
  fs.mkdirSync(dir, { recursive: true });
  const gen = path.join(root, '.tmp-bench', 'scale-state.cjs');
  require('esbuild').buildSync({
    entryPoints: [path.join(__dirname, 'scale-state.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: gen,
    external: ['just-bash'],
    logLevel: 'warning',
  });
  const t = Date.now();
  const r = spawnSync(process.execPath, [gen, dir, shape.nodes, shape.services, shape.tasks, shape.networks], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`building the state failed: ${r.stderr}`);
  console.error(`(built ${shape.tasks} tasks in ${((Date.now() - t) / 1000).toFixed(1)} s)`);
}

module.exports = { root, bin, median, timed, line, buildScaleState };
