// Preloaded into measured commands (`node -r bench/rss.cjs …`): reports the process's peak RSS
// (KiB) on stderr as its last line, for the benches to pick up.
'use strict';
const fs = require('node:fs');
process.on('exit', () => {
  try {
    fs.writeSync(2, `\n__maxrss ${process.resourceUsage().maxRSS}\n`);
  } catch {
    // stderr closed
  }
});
