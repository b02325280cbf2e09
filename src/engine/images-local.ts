// Each engine's image cache: pulls from the catalog (no network), `docker images`, and the
// pull messages the daemon streams (docker-cli-output.md §5.6).
import type { Machine } from '../state/schema';
import type { Daemon } from './daemon';
import { notFound } from './errors';
import { familiar, lookupImage, parseRef, type ImageRef, type ImageTag, type CatalogImage } from './images';

export function localImage(machine: Machine, ref: ImageRef): { image: CatalogImage; tag: string; data: ImageTag } | undefined {
  const hit = lookupImage(ref);
  if (!hit) return undefined;
  const have = machine.images.find((i) => i.repository === ref.repository && i.id === hit.data.id);
  if (!have) return undefined;
  if (ref.digest || have.tags.includes(hit.tag)) return hit;
  return undefined;
}

export interface PullMessage {
  id?: string;
  status: string;
}

/** Pulls `ref` into `machine`'s cache; returns the daemon's progress messages. */
export function pullImage(d: Daemon, machine: Machine, ref: ImageRef): PullMessage[] {
  const hit = lookupImage(ref);
  const name = familiar({ repository: ref.repository, tag: ref.tag, digest: ref.digest });
  if (!hit) {
    throw notFound(`pull access denied for ${ref.repository}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`);
  }
  const existing = machine.images.find((i) => i.repository === ref.repository && i.id === hit.data.id);
  const hadTag = !ref.digest && existing?.tags.includes(hit.tag);
  const messages: PullMessage[] = [{ id: ref.digest && !ref.tag ? ref.digest : hit.tag, status: `Pulling from ${hit.image.pullPath}` }];
  const layers = hit.data.layers.map((l) => l.replace(/^sha256:/, '').slice(0, 12));
  const cached = new Set(machine.images.flatMap((i) => (lookupImageById(i.repository, i.id)?.layers ?? []).map((l) => l.replace(/^sha256:/, '').slice(0, 12))));
  if (d.profile.pullLayerLines) {
    const fresh = layers.filter((l) => !cached.has(l));
    for (const l of layers) if (cached.has(l)) messages.push({ id: l, status: 'Already exists' });
    for (const l of fresh) messages.push({ id: l, status: 'Pulling fs layer' });
    fresh.forEach((l, i) => i >= 3 && messages.push({ id: l, status: 'Waiting' }));
    for (const l of fresh) messages.push({ id: l, status: 'Verifying Checksum' }, { id: l, status: 'Download complete' });
    for (const l of fresh) messages.push({ id: l, status: 'Pull complete' });
  }
  messages.push({ status: `Digest: ${hit.data.repoDigest}` });
  messages.push({ status: hadTag ? `Status: Image is up to date for ${name}` : `Status: Downloaded newer image for ${name}` });
  if (existing) {
    if (!ref.digest && !existing.tags.includes(hit.tag)) existing.tags.push(hit.tag);
  } else {
    machine.images.push({ repository: ref.repository, id: hit.data.id, tags: ref.digest ? [] : [hit.tag], pulled: d.stamp() });
  }
  return messages;
}

function lookupImageById(repository: string, id: string): ImageTag | undefined {
  const hit = lookupImage({ repository });
  if (hit && hit.data.id === id) return hit.data;
  const image = hit?.image;
  return image ? Object.values(image.tags).find((t) => t.id === id) : undefined;
}

/** The image a swarm task needs, pulled by digest if the node lacks it (no tag recorded). */
export function ensureTaskImage(d: Daemon, machine: Machine, ref: ImageRef): void {
  const hit = lookupImage(ref);
  if (!hit) return;
  if (!machine.images.some((i) => i.repository === ref.repository && i.id === hit.data.id)) {
    machine.images.push({ repository: ref.repository, id: hit.data.id, tags: [], pulled: d.stamp() });
  }
}

/** `docker image inspect` of a reference or an ID prefix in this machine's cache. */
export function imageInspectView(machine: Machine, ref: string): Record<string, unknown> {
  const r = parseRef(ref);
  const bare = ref.replace('sha256:', '');
  const byId = machine.images.find((i) => ref.length >= 4 && i.id.replace('sha256:', '').startsWith(bare));
  const hit = byId ? lookupImageFor(byId.repository, byId.id) : r ? localImageHit(machine, r) : undefined;
  if (!hit) throw notFound(`No such image: ${r ? familiar(r) : ref}`);
  const local = machine.images.filter((i) => i.id === hit.data.id);
  return {
    Id: hit.data.id,
    RepoTags: local.flatMap((i) => i.tags.map((t) => `${i.repository}:${t}`)),
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
  };
}

function localImageHit(machine: Machine, ref: ImageRef) {
  const hit = lookupImage(ref);
  return hit && machine.images.some((i) => i.repository === ref.repository && i.id === hit.data.id) ? hit : undefined;
}

function lookupImageFor(repository: string, id: string) {
  const image = lookupImage({ repository })?.image;
  const tag = image && Object.entries(image.tags).find(([, t]) => t.id === id);
  return image && tag ? { image, tag: tag[0], data: tag[1] } : undefined;
}
