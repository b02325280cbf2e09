// /images and /distribution (moby api/server/router/image, distribution): list, pull (a JSON
// message stream), inspect, remove, and the registry lookup `docker service create` pins with.
import type { Client } from '../../client';
import { lookupImage, parseRef } from '../../engine/images';
import { badRequest, notFound } from '../../engine/errors';
import { parseFilters } from '../filters';
import { boolParam, route, ok, type Route } from '../router';
import { writeJsonMessages } from '../stream';

type Json = Record<string, any>;

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** ImageSummary per image ID, in the engine's listing order (what `docker images` tabulates). */
function imageSummaries(c: Client, filters = parseFilters(null)): Json[] {
  const byId = new Map<string, Json>();
  for (const row of c.imageList(filters)) {
    let s = byId.get(row.id);
    if (!s) {
      const hit = lookupImage({ repository: row.repository });
      const data = hit && Object.values(hit.image.tags).find((t) => t.id === row.id);
      s = {
        Containers: -1,
        Created: unix(row.created),
        Id: row.id,
        Labels: data?.config.Labels ?? null,
        ParentId: '',
        RepoDigests: [] as string[],
        RepoTags: [] as string[],
        SharedSize: -1,
        Size: row.size,
      };
      byId.set(row.id, s);
    }
    if (row.tag !== '<none>') s.RepoTags.push(`${row.repository}:${row.tag}`);
    const digest = `${row.repository}@${row.digest}`;
    if (!s.RepoDigests.includes(digest)) s.RepoDigests.push(digest);
  }
  return [...byId.values()];
}

function imageInspect(c: Client, ref: string): Json {
  return c.imageInspect(ref);
}

/** `fromImage` + `tag` (a tag or a digest) → one reference. */
function pullRef(fromImage: string, tag: string): string {
  if (!tag) return fromImage;
  return tag.startsWith('sha256:') ? `${fromImage}@${tag}` : `${fromImage}:${tag}`;
}

export const imageRoutes: Route[] = [
  route('GET', '/images/json', async (req, ctx) => {
    const filters = parseFilters(req.query.get('filters'));
    return ok(await ctx.call((c) => imageSummaries(c, filters)));
  }),
  route('POST', '/images/create', async (req, ctx, res) => {
    const from = req.query.get('fromImage') ?? '';
    if (!from) throw badRequest('"fromSrc" and "fromImage" are not supported yet: import an image by pulling it');
    const ref = pullRef(from, req.query.get('tag') ?? '');
    const messages = await ctx.call((c) => c.imagePull(ref));
    writeJsonMessages(
      res,
      messages.map((m) => (m.id ? { status: m.status, ...(/^(Pulling fs layer|Waiting|Verifying Checksum|Download complete|Pull complete|Already exists)$/.test(m.status) ? { progressDetail: {} } : {}), id: m.id } : { status: m.status })),
    );
    return { handled: true };
  }),
  route('GET', '/images/*name/json', async (req, ctx) => ok(await ctx.call((c) => imageInspect(c, req.params.name)))),
  route('DELETE', '/images/*name', async (req, ctx) => {
    const lines = await ctx.call((c) => c.imageRemove(req.params.name, boolParam(req.query, 'force')));
    return ok(
      lines.map((l) => {
        const i = l.indexOf(': ');
        return { [l.slice(0, i)]: l.slice(i + 2) };
      }),
    );
  }),
  route('GET', '/distribution/*name/json', async (req) => {
    const name = req.params.name;
    const ref = parseRef(name);
    if (!ref) throw badRequest(`invalid reference format`);
    const hit = lookupImage(ref);
    if (!hit) throw notFound(`pull access denied for ${ref.repository}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`);
    const digest = hit.data.repoDigest;
    return ok({
      Descriptor: { mediaType: 'application/vnd.oci.image.index.v1+json', digest, size: 1000 + (parseInt(digest.slice(7, 11), 16) % 9000) },
      Platforms: [{ architecture: hit.data.architecture, os: hit.data.os }],
    });
  }),
];
