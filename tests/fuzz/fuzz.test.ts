// Issue "Trust and speed" point 4: random command lines from the CLI's own grammar against one
// state. `npm test` runs FUZZ_COMMANDS (500) with a fixed seed, each command also against a twin
// home written in the compact layout (the two must answer byte for byte alike); `npm run fuzz`
// runs 20,000 and prints what it covered (FUZZ_SEED repeats a run).
import { describe as group, it, expect } from '@jest/globals';
import { COMMANDS } from '../../src/cli/registry';
import { fuzz, describe } from './runner';

const COUNT = Number(process.env.FUZZ_COMMANDS || 500);
const SEED = process.env.FUZZ_SEED || '1';

group('the fuzzer', () => {
  it(`runs ${COUNT} generated commands: docker's exit codes, no stack traces, a consistent state after each`, async () => {
    const report = await fuzz({ commands: COUNT, seed: SEED, twin: process.env.FUZZ_TWIN !== '0', compactAbove: process.env.FUZZ_COMPACT_ABOVE });
    const text = describe(report, [...COMMANDS.keys()].filter((p) => p !== 'daemon'));
    if (process.env.FUZZ_REPORT || report.failures.length) process.stdout.write(text + '\n');
    expect(report.failures).toEqual([]);
    expect(report.steps).toBe(COUNT);
    // It reaches most of the command table and both failure and success paths.
    expect(report.commands.size).toBeGreaterThan(Math.min(40, COUNT / 10));
    expect(report.exits.get(0)).toBeGreaterThan(COUNT / 10);
    expect(report.exits.get(1)).toBeGreaterThan(COUNT / 10);
    expect(report.exits.get(125)).toBeGreaterThan(0);
  }, 900_000);
});
