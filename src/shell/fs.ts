// The container's filesystem: the image layer (files + root directories + the per-container /etc files)
// overlaid with the container's own changes, all inside just-bash's InMemoryFs. Nothing here touches the
// host. After a run, the new full set of changes is the difference between the image layer and the
// in-memory tree.
import type { IFileSystem } from 'just-bash';
import type { ContainerView } from './types';

/** Kernel-provided trees: never part of the container's changes. */
const VIRTUAL_ROOTS = ['/proc', '/dev', '/sys'];

export function isVirtual(p: string): boolean {
  return VIRTUAL_ROOTS.some((r) => p === r || p.startsWith(r + '/'));
}

export function normPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return '/' + parts.join('/');
}

export function parentOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

export interface ImageLayer {
  files: Record<string, string>;
  dirs: string[];
}

/** Image files + `rootDirs` + the working directory + /etc/hostname, /etc/hosts, /etc/resolv.conf
 *  (bind-mounted by docker). */
export function imageLayer(view: ContainerView): ImageLayer {
  const files: Record<string, string> = {};
  for (const [p, content] of Object.entries(view.image.files)) files[normPath(p)] = content;
  files['/etc/hostname'] = (view.hostname || view.id.slice(0, 12)) + '\n';
  files['/etc/hosts'] = view.etcHosts;
  files['/etc/resolv.conf'] = view.resolvConf;
  const dirs: string[] = [];
  for (const entry of view.image.rootDirs.map((d) => normPath(d))) {
    if (entry === '/' || entry in files) continue;
    // `rootDirs` is `ls /`, so it also names top-level files (nginx's /docker-entrypoint.sh); without
    // content in `files` they are empty.
    if (/\.(sh|py|js|txt|conf|json)$/.test(entry)) files[entry] = '';
    else dirs.push(entry);
  }
  // The image's WORKDIR exists in every container of it (docker creates it at build time).
  const wd = normPath(view.workdir || '/');
  if (wd !== '/' && !dirs.includes(wd) && !(wd in files)) dirs.push(wd);
  return { files, dirs };
}

export type Entry = { kind: 'file'; content: string } | { kind: 'dir' } | { kind: 'link' };
export type Snapshot = Map<string, Entry>;

interface ListableFs extends IFileSystem {
  getAllPaths(): string[];
}

export async function snapshot(fs: IFileSystem): Promise<Snapshot> {
  const out: Snapshot = new Map();
  const paths = (fs as ListableFs).getAllPaths();
  for (const raw of paths) {
    const p = normPath(raw);
    if (isVirtual(p)) continue;
    let st;
    try {
      st = await fs.lstat(p);
    } catch {
      continue;
    }
    if (st.isSymbolicLink) out.set(p, { kind: 'link' });
    else if (st.isDirectory) out.set(p, { kind: 'dir' });
    else {
      let content = '';
      try {
        content = await fs.readFile(p);
      } catch {
        /* unreadable: keep empty */
      }
      out.set(p, { kind: 'file', content });
    }
  }
  if (!out.has('/')) out.set('/', { kind: 'dir' });
  return out;
}

/** The container's changes: what differs between the image layer and the current tree. Deleted subtrees are
 *  reported once, at their top. Symbolic links are not persisted (the format has no way to say "link"). */
export function diffSnapshots(base: Snapshot, now: Snapshot): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  const isDirNow = (p: string) => p === '/' || now.get(p)?.kind === 'dir';
  for (const [p, e] of now) {
    if (p === '/') continue;
    const b = base.get(p);
    if (e.kind === 'file') {
      if (!b || b.kind !== 'file' || b.content !== e.content) out[p] = e.content;
    } else if (e.kind === 'dir') {
      if (!b || b.kind !== 'dir') out[p + '/'] = '';
    }
  }
  for (const [p, b] of base) {
    if (p === '/') continue;
    const n = now.get(p);
    // Still there, or replaced by a file/directory that the first loop recorded.
    if (n && (n.kind !== 'link' || b.kind === 'link')) continue;
    if (isDirNow(parentOf(p))) out[p] = null;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

async function exists(fs: IFileSystem, p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}

async function isDir(fs: IFileSystem, p: string): Promise<boolean> {
  try {
    return (await fs.lstat(p)).isDirectory;
  } catch {
    return false;
  }
}

async function ensureDir(fs: IFileSystem, p: string): Promise<void> {
  if (p === '/') return;
  if (await isDir(fs, p)) return;
  await ensureDir(fs, parentOf(p));
  if (await exists(fs, p)) await fs.rm(p, { recursive: true, force: true });
  await fs.mkdir(p, { recursive: true });
}

/** Lays a changes map over the image layer: deletions, then directories, then files. */
export async function applyChanges(fs: IFileSystem, changes: Record<string, string | null>): Promise<void> {
  const entries = Object.entries(changes ?? {});
  const dels = entries.filter(([, v]) => v === null).map(([k]) => normPath(k)).sort();
  const dirs = entries.filter(([k, v]) => v !== null && k.endsWith('/')).map(([k]) => normPath(k));
  const files = entries.filter(([k, v]) => v !== null && !k.endsWith('/')) as [string, string][];
  for (const p of dels) {
    if (p === '/' || isVirtual(p)) continue;
    if (await exists(fs, p)) await fs.rm(p, { recursive: true, force: true });
  }
  dirs.sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
  for (const d of dirs) if (d !== '/' && !isVirtual(d)) await ensureDir(fs, d);
  for (const [k, content] of files) {
    const p = normPath(k);
    if (p === '/' || isVirtual(p)) continue;
    await ensureDir(fs, parentOf(p));
    if (await isDir(fs, p)) await fs.rm(p, { recursive: true, force: true });
    await fs.writeFile(p, content);
  }
}
