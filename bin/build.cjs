#!/usr/bin/env node
// `npm run build`: the esbuild bundle, and the start-up pieces around it.
//
// - dist/dockersim-main.cjs: src/main.ts bundled (CJS, node20), just-bash and yaml left external (just-bash
//   cannot be bundled; it loads only for exec; yaml only for stack deploy). conf's ajv, ajv-formats and semver are replaced
//   by stubs (src/state/conf-stubs): conf imports them at its top level but needs them only
//   for a schema or its own migrations, neither of which dockersim uses.
// - dist/dockersim-main.cjs.cache: V8's code cache of that bundle, made by running `network ls`
//   on a throwaway lab: the functions that command ran (start-up, argument parsing, the state
//   store, tables) are compiled already; the rest compiles lazily as usual.
// - dist/dockersim.cjs: the loader bin/dockersim requires: it compiles the bundle with the cache
//   (falling back to a plain compile when the cache does not fit this Node) and hands out its
//   exports.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const { spawnSync } = require('node:child_process');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
const stubs = path.join(root, 'src', 'state', 'conf-stubs');

const confStubs = {
  name: 'conf-stubs',
  setup(build) {
    build.onResolve({ filter: /^(ajv|ajv-formats|semver)(\/.*)?$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]conf[\\/]/.test(args.importer)) return undefined;
      const pkg = args.path.split('/')[0];
      return { path: path.join(stubs, `${pkg}.cjs`) };
    });
  },
};

fs.mkdirSync(dist, { recursive: true });
esbuild
  .build({
    entryPoints: [path.join(root, 'src', 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: path.join(dist, 'dockersim-main.cjs'),
    // just-bash (ESM, exec only) and yaml (stack deploy only) load from node_modules when used
    external: ['just-bash', 'yaml'],
    logLevel: 'warning',
    plugins: [confStubs],
  })
  .then(() => {
    // See src/loader.cjs: the dynamic import of just-bash is handed in by the loader.
    const out = path.join(dist, 'dockersim-main.cjs');
    const code = fs.readFileSync(out, 'utf8');
    const fixed = code.replace(/\bimport\("just-bash"\)/g, '__dockersim_import("just-bash")');
    if (fixed === code) throw new Error('build: the import of just-bash was not found in the bundle');
    fs.writeFileSync(out, fixed);
    fs.copyFileSync(path.join(root, 'src', 'loader.cjs'), path.join(dist, 'dockersim.cjs'));
    makeCodeCache();
  })
  .catch((e) => {
    console.error(e.message);
    process.exit(1);
  });

/** Sets up a lab, then runs `network ls` through the loader with DOCKERSIM_CODE_CACHE=write. */
function makeCodeCache() {
  const cache = path.join(dist, 'dockersim-main.cjs.cache');
  fs.rmSync(cache, { force: true });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dockersim-build-'));
  const env = { ...process.env, DOCKERSIM_HOME: home, DOCKERSIM_SEED: '1' };
  const bin = path.join(root, 'bin', 'dockersim');
  const run = (args, extra = {}) => spawnSync(process.execPath, [bin, ...args], { env: { ...env, ...extra }, stdio: 'ignore' });
  try {
    run(['lab', 'up', 'overlay']);
    run(['network', 'ls'], { DOCKERSIM_CODE_CACHE: 'write' });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}
