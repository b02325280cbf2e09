// Bundle-only stand-in for ajv-formats (see ajv.cjs).
'use strict';
module.exports = { default: () => {} };
