// docker info / version (cli/command/system), rendered by format/info and format/version.
import type { CommandDef } from './command';
import { CliError } from './command';
import { formatInfo } from '../format/info';
import { CLIENT_28_2_2, formatVersion } from '../format/version';
import { formatEach } from '../format/formatter';
import { infoView, versionView } from '../engine/views/system';

const info: CommandDef = {
  path: 'system info',
  args: 'none',
  async run(ctx) {
    const { server, context } = await ctx.client((c) => ({ server: infoView(c.daemon), context: c.machine.name }));
    const client = { Version: CLIENT_28_2_2.Version, Context: context, DebugMode: false, Plugins: [] };
    const format = ctx.str('format');
    if (format) {
      const data = { ...server, ClientInfo: client, ClientErrors: null, ServerErrors: null };
      ctx.io.out(format === 'json' ? JSON.stringify(data) + '\n' : formatEach(format, [data], 1));
      return;
    }
    const res = formatInfo(server, client);
    ctx.io.out(res.out);
    if (res.err) ctx.io.err(res.err);
    if (res.error) throw new CliError(res.error);
  },
};

const version: CommandDef = {
  path: 'version',
  args: 'none',
  async run(ctx) {
    const { server, context } = await ctx.client((c) => ({ server: versionView(c.daemon), context: c.machine.name }));
    const client = { ...CLIENT_28_2_2, Context: context };
    const format = ctx.str('format');
    if (format) {
      const data = { Client: client, Server: server };
      ctx.io.out(format === 'json' ? JSON.stringify(data) + '\n' : formatEach(format, [data], 1));
      return;
    }
    ctx.io.out(formatVersion(client, server));
  },
};

export const systemCommands: CommandDef[] = [info, version];
