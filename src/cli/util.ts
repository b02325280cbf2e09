import type { CommandContext } from './command';
import { CliError } from './command';
import { DaemonError } from '../engine/errors';
import type { Client } from '../client';

/** How the docker client shows a daemon error. */
export function daemonMessage(e: DaemonError): string {
  return `Error response from daemon: ${e.message.trim()}`;
}

/** docker's command.PromptForConfirmation: `<message>\nAre you sure you want to continue? [y/N] `. */
export async function ask(ctx: CommandContext, message: string): Promise<boolean> {
  ctx.io.out(`${message}\nAre you sure you want to continue? [y/N] `);
  const answer = await ctx.io.readLine();
  if (answer === null) ctx.io.out('\n');
  return answer !== null && /^y(es)?$/i.test(answer.trim());
}

/** A prune's confirmation: anything but yes aborts the command. */
export async function confirm(ctx: CommandContext, message: string): Promise<boolean> {
  if (!(await ask(ctx, message))) throw new CliError('Error: user aborted prompt', 1);
  return true;
}

/**
 * docker's loop over several refs (rm, stop, …): one transaction, `op` per ref — its text (or the
 * ref itself) printed on success — and the daemon's errors reported together at the end.
 */
export async function forEachRef(ctx: CommandContext, op: (c: Client, ref: string) => string | void | Promise<string | void>): Promise<void> {
  const errors: string[] = [];
  await ctx.client(async (c) => {
    for (const ref of ctx.args) {
      try {
        const text = await op(c, ref);
        ctx.io.out(text ?? ref + '\n');
      } catch (e) {
        if (!(e instanceof DaemonError)) throw e;
        errors.push(daemonMessage(e));
      }
    }
  });
  if (errors.length) throw new CliError(errors.join('\n'));
}

/** Inspect-style lookup of every ref: the found objects, and a message per missing one (404). */
export function collect<T>(refs: string[], get: (ref: string) => T, missing: (ref: string, e: DaemonError) => string): { found: T[]; errors: string[] } {
  const found: T[] = [];
  const errors: string[] = [];
  for (const ref of refs) {
    try {
      found.push(get(ref));
    } catch (e) {
      if (!(e instanceof DaemonError) || e.status !== 404) throw e;
      errors.push(missing(ref, e));
    }
  }
  return { found, errors };
}
