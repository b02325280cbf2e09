// A program the image ships that the simulation does not run (nginx, openssl, vi…): it exists, so the
// shell finds it, but running it says so instead of pretending.
import { fail, type CmdFactory } from './types';

export function unsimulated(name: string): CmdFactory {
  return () => async () => fail(`${name}: this program is not simulated inside dockersim containers\n`, 126);
}
