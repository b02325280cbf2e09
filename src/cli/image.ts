// docker pull / images / image rm / image inspect (cli/command/image), from each engine's cache.
import type { CommandDef } from './command';
import { CliError } from './command';
import { DaemonError } from '../engine/errors';
import { Filters } from '../client/filters';
import { formatRows, formatEach } from '../format/formatter';
import { IMAGE_HEADERS, IMAGE_TABLE, IMAGE_TABLE_DIGESTS, imageRow } from '../format/container';
import { inspectArray } from '../format/json';
import { daemonMessage, forEachRef } from './util';
import { familiar, lookupImage, parseRef } from '../engine/images';
import { renderPull } from '../format/pull';

const pull: CommandDef = {
  path: 'image pull',
  args: { exact: 1 },
  async run(ctx) {
    const ref = parseRef(ctx.args[0]);
    if (!ref) throw new CliError('invalid reference format');
    const text = await ctx.client((c) => {
      try {
        return renderPull(c.imagePull(ctx.args[0]), ctx.io.isTTY);
      } catch (e) {
        if (e instanceof DaemonError) throw new CliError(daemonMessage(e));
        throw e;
      }
    });
    const canonical = `docker.io/${ref.repository.includes('/') ? '' : 'library/'}${familiar(ref)}`;
    ctx.io.out((ref.tag || ref.digest ? '' : 'Using default tag: latest\n') + text + canonical + '\n');
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
    const { found, errors } = await ctx.client((c) => {
      const found: Record<string, unknown>[] = [];
      const errors: string[] = [];
      const local = c.imageList();
      for (const ref of ctx.args) {
        const r = parseRef(ref);
        const hit = r && lookupImage(r);
        const have = hit && local.find((i) => i.id === hit.data.id);
        if (!hit || !have) {
          errors.push(`Error response from daemon: No such image: ${r ? familiar(r) : ref}`);
          continue;
        }
        const tags = local.filter((i) => i.id === hit.data.id && i.tag !== '<none>').map((i) => `${i.repository}:${i.tag}`);
        found.push({
          Id: hit.data.id,
          RepoTags: tags,
          RepoDigests: [`${hit.image.repository}@${hit.data.repoDigest}`],
          Parent: '',
          Comment: '',
          Created: hit.data.created,
          DockerVersion: '',
          Author: '',
          Config: { Hostname: '', Domainname: '', User: hit.data.config.User ?? '', ...hit.data.config },
          Architecture: hit.data.architecture,
          Os: hit.data.os,
          Size: hit.data.size,
          GraphDriver: { Data: null, Name: 'overlay2' },
          RootFS: { Type: 'layers', Layers: hit.data.layers },
          Metadata: { LastTagTime: '0001-01-01T00:00:00Z' },
        });
      }
      return { found, errors };
    });
    const format = ctx.str('format');
    if (format) ctx.io.out(formatEach(format, found));
    else ctx.io.out(inspectArray(found));
    if (errors.length) throw new CliError(errors.join('\n'));
  },
};

export const imageCommands = [pull, ls, rm, inspect];
