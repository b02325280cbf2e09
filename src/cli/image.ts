// docker pull / images / image rm / image inspect (cli/command/image), from each engine's cache.
import type { CommandDef } from './command';
import { CliError } from './command';
import { DaemonError } from '../engine/errors';
import { Filters } from '../client/filters';
import { formatRows, formatEach } from '../format/formatter';
import { IMAGE_HEADERS, IMAGE_TABLE, IMAGE_TABLE_DIGESTS, imageRow } from '../format/container';
import { inspectArray } from '../format/json';
import { collect, daemonMessage, forEachRef } from './util';
import { familiar, parseRef } from '../engine/images';
import { renderPull } from '../format/pull';

const pull: CommandDef = {
  path: 'image pull',
  args: { exact: 1 },
  async run(ctx) {
    const ref = parseRef(ctx.args[0]);
    if (!ref) throw new CliError('invalid reference format');
    // cli/command/image/pull.go: the default tag is announced before the daemon is asked
    const quiet = ctx.bool('quiet');
    if (!ref.tag && !ref.digest && !quiet) ctx.io.out('Using default tag: latest\n');
    const text = await ctx.client((c) => {
      try {
        return renderPull(c.imagePull(ctx.args[0]), ctx.io.isTTY);
      } catch (e) {
        if (e instanceof DaemonError) throw new CliError(daemonMessage(e));
        throw e;
      }
    });
    const canonical = `docker.io/${ref.repository.includes('/') ? '' : 'library/'}${familiar(ref)}`;
    ctx.io.out((quiet ? '' : text) + canonical + '\n');
  },
};

const ls: CommandDef = {
  path: 'image ls',
  args: { min: 0, max: 1 },
  async run(ctx) {
    const filters = Filters.parse(ctx.list('filter'));
    const { images, now } = await ctx.client((c) => ({ images: c.imageList(filters), now: c.now }));
    const want = ctx.args[0] ? parseRef(ctx.args[0]) : null;
    const rows = images
      .filter((i) => !want || (i.repository === want.repository && (!want.tag || i.tag === want.tag)))
      .map((i) => imageRow(i, now, !ctx.bool('no-trunc')));
    const table = ctx.bool('digests') ? IMAGE_TABLE_DIGESTS : IMAGE_TABLE;
    ctx.io.out(formatRows({ format: ctx.str('format'), quiet: ctx.bool('quiet'), defaultFormat: table, headers: IMAGE_HEADERS }, rows));
  },
};

const rm: CommandDef = {
  path: 'image rm',
  args: { min: 1 },
  run: (ctx) => forEachRef(ctx, (c, ref) => c.imageRemove(ref, ctx.bool('force')).map((l) => l + '\n').join('')),
};

const inspect: CommandDef = {
  path: 'image inspect',
  args: { min: 1 },
  async run(ctx) {
    const { found, errors } = await ctx.client((c) => collect(ctx.args, (ref) => c.imageInspect(ref), (_ref, e) => daemonMessage(e)));
    const format = ctx.str('format');
    if (format) ctx.io.out(formatEach(format, found));
    else ctx.io.out(inspectArray(found));
    if (errors.length) throw new CliError(errors.join('\n'));
  },
};

export const imageCommands = [pull, ls, rm, inspect];
