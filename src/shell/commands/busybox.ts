// `busybox APPLET ARGS…` runs the applet; `busybox` alone prints the banner.
import { shellJoin } from './quote';
import { fail, type CmdFactory } from './types';

export const BUSYBOX_BANNER = 'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.';

export const busybox: CmdFactory = (env) => async (args, io) => {
  if (args.length === 0 || args[0] === '--help') {
    return fail(
      `${BUSYBOX_BANNER}\nBusyBox is copyrighted by many authors between 1998-2015.\nLicensed under GPLv2. See source distribution for detailed\ncopyright notices.\n\nUsage: busybox [function [arguments]...]\n   or: busybox --list[-full]\n   or: busybox --show SCRIPT\n   or: busybox --install [-s] [DIR]\n   or: function [arguments]...\n`,
      0,
    );
  }
  if (args[0] === '--list') return { stdout: env.view.image.binaries.filter((b) => b !== 'busybox').join('\n') + '\n', stderr: '', exitCode: 0 };
  const applet = args[0];
  if (!env.view.image.binaries.includes(applet) || !io.exec) return fail(`${applet}: applet not found\n`, 127);
  return io.exec(shellJoin(args), { cwd: io.cwd, stdin: io.stdin });
};
