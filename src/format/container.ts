// `docker ps` and `docker images` rows (cli/command/formatter/container.go, image.go;
// docker-cli-output.md §1.7, §1.9).
import { GO_TYPE } from './template/values';
import { since } from './duration';
import { humanSizeWithPrecision } from './bytes';
import { stripDigest } from '../engine/images';
import { truncId, labelsText } from './network';
import { ellipsis } from './task';

type Json = Record<string, any>;

export const CONTAINER_TABLE = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}';
export const CONTAINER_HEADERS = {
  ID: 'CONTAINER ID',
  Image: 'IMAGE',
  Command: 'COMMAND',
  CreatedAt: 'CREATED AT',
  RunningFor: 'CREATED',
  Ports: 'PORTS',
  State: 'STATE',
  Status: 'STATUS',
  Size: 'SIZE',
  Names: 'NAMES',
  Labels: 'LABELS',
  Mounts: 'MOUNTS',
  LocalVolumes: 'LOCAL VOLUMES',
  Networks: 'NETWORKS',
  Platform: 'PLATFORM',
};

/** Go's strconv.Quote for the COMMAND column. */
function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u([0-9a-f]{4})/g, (m, h) => (parseInt(h, 16) < 0x20 ? `\\x${h.slice(2)}` : m));
}

/** Go's string order (bytes), not the locale's: "0.0.0.0" < "::". */
const byteCompare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** net.JoinHostPort: IPv6 hosts in brackets. */
const joinHostPort = (host: string, port: string) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/**
 * docker/cli formatter DisplayablePorts: ports sorted (private port, IP, public port, type);
 * unpublished ports and ports published on the same number collapse into ranges per IP and
 * protocol (in the order first seen), other host mappings follow; `, `-joined.
 */
export function displayPorts(ports: Json[]): string {
  const sorted = [...ports].sort(
    (a, b) => a.PrivatePort - b.PrivatePort || byteCompare(String(a.IP ?? ''), String(b.IP ?? '')) || (a.PublicPort ?? 0) - (b.PublicPort ?? 0) || byteCompare(String(a.Type), String(b.Type)),
  );
  const formGroup = (key: string, first: number, last: number) => {
    const [ip, type] = key.includes('/') ? key.split('/') : ['', key];
    const range = first === last ? String(first) : `${first}-${last}`;
    return `${ip ? `${joinHostPort(ip, range)}->${range}` : range}/${type}`;
  };
  const groups = new Map<string, { first: number; last: number }>();
  const result: string[] = [];
  const mappings: string[] = [];
  for (const p of sorted) {
    const current = p.PrivatePort;
    let key = String(p.Type);
    if (p.IP) {
      if ((p.PublicPort ?? 0) !== current) {
        mappings.push(`${joinHostPort(p.IP, String(p.PublicPort ?? 0))}->${p.PrivatePort}/${p.Type}`);
        continue;
      }
      key = `${p.IP}/${p.Type}`;
    }
    const g = groups.get(key);
    if (!g) groups.set(key, { first: current, last: current });
    else if (current === g.last + 1) g.last = current;
    else {
      result.push(formGroup(key, g.first, g.last));
      // a new group under the same key keeps the key's first-seen place in the final pass
      g.first = g.last = current;
    }
  }
  for (const [key, g] of groups) result.push(formGroup(key, g.first, g.last));
  return [...result, ...mappings].join(', ');
}

function imageColumn(image: string, trunc: boolean): string {
  if (!trunc) return image;
  if (/^sha256:[0-9a-f]{64}$/.test(image)) return truncId(image);
  return stripDigest(image) || '<no image>';
}

export function containerRow(c: Json, now: Date, opts: { trunc: boolean; networks: string[] }): Json {
  const command = opts.trunc ? ellipsis(c.Command, 20) : c.Command;
  const created = new Date(c.Created * 1000);
  const running = since(created.toISOString(), now);
  return {
    [GO_TYPE]: '*formatter.ContainerContext',
    ID: opts.trunc ? c.Id.slice(0, 12) : c.Id,
    Image: imageColumn(c.Image, opts.trunc),
    Command: goQuote(command),
    CreatedAt: `${created.toISOString().slice(0, 10)} ${created.toISOString().slice(11, 19)} +0000 UTC`,
    RunningFor: `${running} ago`,
    Ports: displayPorts(c.Ports),
    State: c.State,
    Status: c.Status,
    Size: '0B',
    Names: c.Names.map((n: string) => n.replace(/^\//, '')).join(','),
    Labels: labelsText(Object.fromEntries(Object.entries(c.Labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) as Record<string, string>),
    Label: (k: string) => (c.Labels ?? {})[k] ?? '',
    Mounts: '',
    LocalVolumes: '0',
    Networks: opts.networks.join(','),
    Platform: null,
  };
}

export const IMAGE_TABLE = 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}';
export const IMAGE_TABLE_DIGESTS = 'table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}';
export const IMAGE_HEADERS = {
  Repository: 'REPOSITORY',
  Tag: 'TAG',
  Digest: 'DIGEST',
  ID: 'IMAGE ID',
  CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT',
  Size: 'SIZE',
  Containers: 'CONTAINERS',
  SharedSize: 'SHARED SIZE',
  UniqueSize: 'UNIQUE SIZE',
  VirtualSize: 'VIRTUAL SIZE',
};

export interface ImageSummaryRow {
  repository: string;
  tag: string;
  id: string;
  digest: string;
  created: string;
  size: number;
}

export function imageRow(i: ImageSummaryRow, now: Date, trunc: boolean): Json {
  return {
    [GO_TYPE]: '*formatter.imageContext',
    Repository: i.repository,
    Tag: i.tag,
    Digest: i.digest,
    ID: trunc ? truncId(i.id) : i.id,
    CreatedSince: `${since(i.created, now)} ago`,
    CreatedAt: `${i.created.slice(0, 10)} ${i.created.slice(11, 19)} +0000 UTC`,
    Size: humanSizeWithPrecision(i.size, 3),
    Containers: 'N/A',
    SharedSize: 'N/A',
    UniqueSize: 'N/A',
    VirtualSize: humanSizeWithPrecision(i.size, 3),
  };
}
