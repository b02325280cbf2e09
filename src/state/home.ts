import path from 'node:path';

/** $DOCKERSIM_HOME, else conf's per-user config dir for `dockersim` (XDG on Linux). */
export function stateHome(env: NodeJS.ProcessEnv): string {
  if (env.DOCKERSIM_HOME) return path.resolve(env.DOCKERSIM_HOME);
  const home = (require('node:os') as typeof import('node:os')).homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Preferences', 'dockersim');
  if (process.platform === 'win32') {
    return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'dockersim', 'Config');
  }
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'dockersim');
}

export const STATE_FILE = 'state.json';
