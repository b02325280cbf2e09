import type { CommandContext } from './command';
import { CliError } from './command';
import { DaemonError } from '../engine/errors';

/** How the docker client shows a daemon error. */
export function daemonMessage(e: DaemonError): string {
  return `Error response from daemon: ${e.message.trim()}`;
}

/** docker's command.PromptForConfirmation: `<message>\nAre you sure you want to continue? [y/N] `. */
export async function confirm(ctx: CommandContext, message: string): Promise<boolean> {
  ctx.io.out(`${message}\nAre you sure you want to continue? [y/N] `);
  const answer = await ctx.io.readLine();
  if (answer === null) ctx.io.out('\n');
  const ok = answer !== null && /^y(es)?$/i.test(answer.trim());
  if (!ok) throw new CliError('Error: user aborted prompt', 1);
  return ok;
}
