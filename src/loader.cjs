// dist/dockersim.cjs (copied here by bin/build.cjs): loads the bundle, dist/dockersim-main.cjs,
// with V8's code cache (dist/dockersim-main.cjs.cache) so that a command does not first spend
// ~15 ms compiling a megabyte of JavaScript. The cache is used only if it was made from this very
// bundle (its size and mtime are in the cache's header) and V8 accepts it; otherwise the bundle
// compiles as usual. DOCKERSIM_CODE_CACHE=off ignores the cache; =write remakes it after the
// command (bin/build.cjs does that).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const file = path.join(__dirname, 'dockersim-main.cjs');
const cacheFile = `${file}.cache`;
const mode = process.env.DOCKERSIM_CODE_CACHE;
const source = fs.readFileSync(file, 'utf8');
const st = fs.statSync(file);
const stamp = Buffer.from(`dockersim-code-cache ${process.version} ${st.size} ${Math.floor(st.mtimeMs)}\n`);

let cachedData;
if (mode !== 'off' && mode !== 'write') {
  try {
    const buf = fs.readFileSync(cacheFile);
    if (buf.subarray(0, stamp.length).equals(stamp)) cachedData = buf.subarray(stamp.length);
  } catch {
    // no cache: compile
  }
}

// The bundle's one dynamic import (just-bash, ESM) goes through this module: code compiled by
// vm.Script cannot import() on Node 20 without an experimental flag.
const wrapped = `(function (exports, require, module, __filename, __dirname, __dockersim_import) {${source}\n})`;
const script = new vm.Script(wrapped, { filename: file, cachedData });
const mod = new Module(file, module);
mod.filename = file;
mod.paths = Module._nodeModulePaths(__dirname);
mod.loaded = true;
script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, __dirname, (spec) => import(spec));

function writeCodeCache() {
  try {
    fs.writeFileSync(cacheFile, Buffer.concat([stamp, script.createCachedData()]));
  } catch {
    // a read-only installation: no cache
  }
}

if (mode === 'write') process.once('beforeExit', writeCodeCache);

module.exports = mod.exports;
