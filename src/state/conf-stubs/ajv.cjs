// Bundle-only stand-in for ajv (esbuild alias, bin/build.cjs). conf imports ajv at its top
// level but uses it only for a `schema`, which dockersim never passes (toolchain.md §3: loading
// ajv, ajv-formats and semver costs ~25 ms of every command's start-up).
'use strict';
class Unavailable {
  constructor() {
    throw new Error('dockersim bundles conf without ajv: JSON-schema validation is not available');
  }
}
module.exports = { Ajv2020: Unavailable, default: Unavailable };
