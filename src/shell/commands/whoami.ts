// whoami: docker exec runs as root unless --user says otherwise.
import { ok, type CmdFactory } from './types';

export const whoami: CmdFactory = () => async () => ok('root\n');
