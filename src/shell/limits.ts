// Runaway protection for one shell run.

/** Runaway protection. A run stops after LIMITS.timeMs of wall clock or LIMITS.commands commands (a `while
 *  true; do :; done` reaches 100 000 commands in about a second), with exit status 124 like timeout(1). */
export const LIMITS = {
  timeMs: 2000,
  commands: 100_000,
  loopIterations: 100_000,
  callDepth: 100,
  outputBytes: 16 * 1024 * 1024,
  fsBytes: 64 * 1024 * 1024,
};

export const LIMIT_EXIT_CODE = 124;
