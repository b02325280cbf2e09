// docker exec and the foreground part of docker run: commands run in the container's sandboxed
// shell (src/shell, loaded only here); filesystem changes persist in the state.
import type { CommandContext } from './command';

export async function runMain(_ctx: CommandContext, _id: string): Promise<number> {
  return 0;
}
