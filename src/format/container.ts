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

/** DisplayablePorts: exposed-only ports collapsed into ranges, then host mappings, `, `-joined. */
export function displayPorts(ports: Json[]): string {
  const sorted = [...ports].sort(
    (a, b) => a.PrivatePort - b.PrivatePort || String(a.IP ?? '').localeCompare(String(b.IP ?? '')) || (a.PublicPort ?? 0) - (b.PublicPort ?? 0) || String(a.Type).localeCompare(String(b.Type)),
  );
  const groups = new Map<string, number[]>();
  const mapped: string[] = [];
  for (const p of sorted) {
    if (p.PublicPort) {
      const ip = String(p.IP ?? '');
      const host = ip.includes(':') ? `[${ip}]` : ip;
      mapped.push(`${host}:${p.PublicPort}->${p.PrivatePort}/${p.Type}`);
    } else groups.set(p.Type, [...(groups.get(p.Type) ?? []), p.PrivatePort]);
  }
  const out: string[] = [];
  for (const [proto, list] of groups) {
    let start = list[0];
    let prev = list[0];
    for (const n of [...list.slice(1), NaN]) {
      if (n === prev + 1) {
        prev = n;
        continue;
      }
      out.push(start === prev ? `${start}/${proto}` : `${start}-${prev}/${proto}`);
      start = prev = n;
    }
  }
  return [...out, ...mapped].join(', ');
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
