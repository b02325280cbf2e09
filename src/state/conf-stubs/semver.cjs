// Bundle-only stand-in for semver (see ajv.cjs): conf uses it only for `migrations` with a
// `projectVersion`, which dockersim never passes (its own migrations are state/migrations.ts).
'use strict';
const unavailable = () => {
  throw new Error('dockersim bundles conf without semver: conf migrations are not available');
};
module.exports = { eq: unavailable, lte: unavailable, gt: unavailable, satisfies: unavailable, clean: unavailable };
module.exports.default = module.exports;
