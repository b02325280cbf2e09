// The image catalog (fixtures/images) and docker's reference parsing: `nginx` →
// docker.io/library/nginx:latest, shown in the familiar form `nginx:latest`.
import { fixtureJson } from '../fixtures';

export interface ImageTag {
  repoDigest: string;
  id: string;
  created: string;
  size: number;
  layers: string[];
  architecture: string;
  os: string;
  config: {
    Cmd: string[] | null;
    Entrypoint: string[] | null;
    Env: string[] | null;
    ExposedPorts?: Record<string, object> | null;
    WorkingDir?: string;
    User?: string;
    StopSignal?: string;
    Labels?: Record<string, string> | null;
    Volumes?: Record<string, object> | null;
  };
}

export interface CatalogImage {
  repository: string;
  pullPath: string;
  tags: Record<string, ImageTag>;
  distro: string;
  shell: string;
  binaries: string[];
  packages?: Record<string, string[]>;
  rootDirs: string[];
  files: Record<string, string>;
  app: null | { kind: string; port: number; protocol: string };
  startupLogs: string[];
}

export interface ImageRef {
  /** Familiar repository (`nginx`, `traefik/whoami`). */
  repository: string;
  tag?: string;
  digest?: string;
}

const NAME_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$/;

/** Parses a docker image reference; null when docker would call it invalid. */
export function parseRef(ref: string): ImageRef | null {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) return null;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return null;
  }
  let parts = rest.split('/');
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    if (parts[0] !== 'docker.io' && parts[0] !== 'index.docker.io') {
      // another registry: keep it as part of the name
    } else parts = parts.slice(1);
  }
  if (parts[0] === 'library' && parts.length === 2) parts = parts.slice(1);
  if (!parts.length || parts.some((p) => !NAME_COMPONENT.test(p))) return null;
  return { repository: parts.join('/'), tag, digest };
}

/** `repo:tag` with `:latest` filled in when neither tag nor digest is given. */
export function familiar(ref: ImageRef): string {
  if (ref.digest && !ref.tag) return `${ref.repository}@${ref.digest}`;
  return `${ref.repository}:${ref.tag ?? 'latest'}${ref.digest ? '@' + ref.digest : ''}`;
}

export function catalogImage(repository: string): CatalogImage | undefined {
  const index = fixtureJson<Record<string, string>>('images/index.json');
  const file = index[repository];
  return file ? fixtureJson<CatalogImage>(`images/${file}`) : undefined;
}

/** The catalog entry and tag for a reference (digest references match by repo digest). */
export function lookupImage(ref: ImageRef): { image: CatalogImage; tag: string; data: ImageTag } | undefined {
  const image = catalogImage(ref.repository);
  if (!image) return undefined;
  if (ref.digest) {
    const hit = Object.entries(image.tags).find(([t, d]) => d.repoDigest === ref.digest && (!ref.tag || t === ref.tag));
    return hit ? { image, tag: hit[0], data: hit[1] } : undefined;
  }
  const tag = ref.tag ?? 'latest';
  const data = image.tags[tag];
  return data ? { image, tag, data } : undefined;
}

/** Drops the digest of `name:tag@sha256:…` (docker's display rule); digest-only refs stay. */
export function stripDigest(image: string): string {
  const at = image.indexOf('@');
  if (at < 0) return image;
  const name = image.slice(0, at);
  return name.lastIndexOf(':') > name.lastIndexOf('/') ? name : image;
}
