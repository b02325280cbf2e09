import { describe, it, expect } from '@jest/globals';
import * as fs from 'fs';
import * as path from 'path';
import { parseRef, lookupImage } from '../src/engine/images';

const DIR = path.resolve(__dirname, '..', 'fixtures', 'images');
const SEED_DATE = Date.parse('2024-06-20T01:20:11Z'); // seed service CreatedAt (reference §3.1)
const HEX64 = /^sha256:[0-9a-f]{64}$/;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

interface Tag {
  repoDigest: string;
  id: string;
  created: string;
  size: number;
  layers: string[];
  architecture: string;
  os: string;
  config: {
    User: string;
    ExposedPorts: Record<string, object> | null;
    Env: string[];
    Cmd: string[] | null;
    Healthcheck?: { Test: string[] };
    Volumes: Record<string, object> | null;
    WorkingDir: string;
    Entrypoint: string[] | null;
    Labels: Record<string, string> | null;
    StopSignal?: string;
  };
}
interface Image {
  repository: string;
  pullPath: string;
  tags: Record<string, Tag>;
  distro: string;
  shell: string | null;
  binaries: string[];
  packages: Record<string, string[]>;
  rootDirs: string[];
  files: Record<string, string>;
  app: null | { kind: string; port: number; protocol: string };
  startupLogs: string[];
}

const index = JSON.parse(fs.readFileSync(path.join(DIR, 'index.json'), 'utf8')) as Record<string, string>;
const raw: Record<string, Obj> = {};
for (const file of fs.readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'index.json')) {
  raw[file] = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as Obj;
}
const image = (repo: string): Image => raw[index[repo]] as unknown as Image;

/** go-units HumanSizeWithPrecision(size, 3): decimal units, %.3g. */
function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < units.length - 1) {
    size /= 1000;
    i++;
  }
  return `${Number(size.toPrecision(3))}${units[i]}`;
}

/** `docker ps` COMMAND: Entrypoint + Cmd, Ellipsis(…, 20), Go-quoted. */
function psCommand(t: Tag): string {
  const full = [...(t.config.Entrypoint ?? []), ...(t.config.Cmd ?? [])].join(' ');
  const runes = [...full];
  const cut = runes.length > 20 ? runes.slice(0, 19).join('') + '…' : full;
  return JSON.stringify(cut);
}

const isStringArray = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isObjOrNull = (v: unknown): boolean => v === null || (typeof v === 'object' && !Array.isArray(v));

// The seed's `cat index.html` (overlay-network-tutorial.md), byte for byte, with its trailing newline.
const SEED_NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

// The seed's `ls /` inside an nginx:latest task container.
const SEED_NGINX_LS = 'bin  boot  dev  docker-entrypoint.d  docker-entrypoint.sh  etc  home  lib  lib64  media  mnt  opt  proc  root  run  sbin  srv  sys  tmp  usr  var';

describe('image catalog: files and index', () => {
  it('has the required repositories', () => {
    for (const repo of ['nginx', 'busybox', 'alpine', 'ubuntu', 'httpd', 'redis', 'traefik/whoami', 'coolgourav147/sleeper_traceroute', 'dockersamples/visualizer']) {
      expect(index[repo]).toBe(repo.replace(/\//g, '__') + '.json');
    }
    expect(Object.keys(image('nginx').tags).sort()).toEqual(['alpine', 'latest']);
    expect(Object.keys(image('redis').tags).sort()).toEqual(['7', 'latest']);
  });

  it('indexes every catalog file exactly once, under its own repository', () => {
    expect(Object.values(index).sort()).toEqual(Object.keys(raw).sort());
    for (const [repo, file] of Object.entries(index)) {
      expect(raw[file].repository).toBe(repo);
      expect(file).toBe(repo.replace(/\//g, '__') + '.json');
    }
  });

  it('resolves docker references through the loader (no alias files)', () => {
    for (const ref of ['nginx', 'library/nginx', 'docker.io/library/nginx:latest', 'index.docker.io/library/nginx']) {
      const parsed = parseRef(ref);
      expect(parsed).not.toBeNull();
      expect(lookupImage(parsed!)?.image.repository).toBe('nginx');
    }
    const pinned = parseRef('coolgourav147/sleeper_traceroute:latest@sha256:9c8300ab567edf5fc10f36a527044fadbc1a1956e8d9a6259f83ebe76e116219');
    expect(lookupImage(pinned!)?.tag).toBe('latest');
    expect(lookupImage(parseRef('docker.io/traefik/whoami')!)?.image.repository).toBe('traefik/whoami');
  });
});

describe.each(Object.keys(raw).sort())('schema of %s', (file) => {
  const img = raw[file];

  it('has exactly the schema keys, in order, with the right types', () => {
    expect(Object.keys(img)).toEqual(['repository', 'pullPath', 'tags', 'distro', 'shell', 'binaries', 'packages', 'rootDirs', 'files', 'app', 'startupLogs']);
    expect(typeof img.repository).toBe('string');
    const repo = img.repository as string;
    expect(img.pullPath).toBe(repo.includes('/') ? repo : `library/${repo}`);
    expect(['debian', 'ubuntu', 'alpine', 'busybox', 'scratch']).toContain(img.distro);
    expect(img.shell === null || img.shell === '/bin/bash' || img.shell === '/bin/sh').toBe(true);
    expect(isStringArray(img.binaries)).toBe(true);
    const bins = img.binaries as string[];
    expect([...bins].sort()).toEqual(bins);
    expect(new Set(bins).size).toBe(bins.length);
    if (img.shell !== null) expect(bins).toContain(path.basename(img.shell as string));
    expect(isObjOrNull(img.packages) && img.packages !== null).toBe(true);
    for (const adds of Object.values(img.packages as Obj)) {
      expect(isStringArray(adds)).toBe(true);
      expect((adds as string[]).length).toBeGreaterThan(0);
    }
    expect(isStringArray(img.rootDirs)).toBe(true);
    expect(img.rootDirs).toEqual(expect.arrayContaining(['dev', 'proc', 'sys']));
    expect(isObjOrNull(img.files) && img.files !== null).toBe(true);
    for (const [p, content] of Object.entries(img.files as Obj)) {
      expect(p.startsWith('/')).toBe(true);
      expect(typeof content).toBe('string');
    }
    if (img.app !== null) {
      const app = img.app as Obj;
      expect(Object.keys(app)).toEqual(['kind', 'port', 'protocol']);
      expect(['nginx', 'httpd', 'whoami', 'visualizer', 'redis']).toContain(app.kind);
      expect(Number.isInteger(app.port)).toBe(true);
      expect(app.protocol).toBe('tcp');
    }
    expect(isStringArray(img.startupLogs)).toBe(true);
  });

  it('has well-formed tags', () => {
    const tags = img.tags as Obj;
    expect(Object.keys(tags).length).toBeGreaterThan(0);
    for (const t of Object.values(tags) as Obj[]) {
      expect(Object.keys(t)).toEqual(['repoDigest', 'id', 'created', 'size', 'layers', 'architecture', 'os', 'config']);
      expect(t.repoDigest).toMatch(HEX64);
      expect(t.id).toMatch(HEX64);
      expect(t.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      expect(Date.parse(t.created as string)).toBeLessThanOrEqual(SEED_DATE);
      expect(Number.isInteger(t.size) && (t.size as number) > 0).toBe(true);
      expect(isStringArray(t.layers)).toBe(true);
      expect((t.layers as string[]).length).toBeGreaterThan(0);
      for (const l of t.layers as string[]) expect(l).toMatch(HEX64);
      expect(t.architecture).toBe('amd64');
      expect(t.os).toBe('linux');

      const c = t.config as Obj;
      const keys = ['User', 'ExposedPorts', 'Env', 'Cmd', 'Volumes', 'WorkingDir', 'Entrypoint', 'Labels'];
      expect(Object.keys(c).filter((k) => keys.includes(k))).toEqual(keys);
      expect(Object.keys(c).filter((k) => !keys.includes(k)).every((k) => k === 'Healthcheck' || k === 'StopSignal')).toBe(true);
      expect(typeof c.User).toBe('string');
      expect(isObjOrNull(c.ExposedPorts)).toBe(true);
      for (const port of Object.keys((c.ExposedPorts as Obj) ?? {})) expect(port).toMatch(/^\d+\/(tcp|udp|sctp)$/);
      expect(isStringArray(c.Env)).toBe(true);
      expect((c.Env as string[]).some((e) => e.startsWith('PATH=/'))).toBe(true);
      expect(c.Cmd === null || isStringArray(c.Cmd)).toBe(true);
      expect(c.Entrypoint === null || isStringArray(c.Entrypoint)).toBe(true);
      expect(c.Cmd !== null || c.Entrypoint !== null).toBe(true);
      expect(isObjOrNull(c.Volumes)).toBe(true);
      expect(typeof c.WorkingDir).toBe('string');
      expect(isObjOrNull(c.Labels)).toBe(true);
      if ('StopSignal' in c) expect(c.StopSignal).toMatch(/^SIG[A-Z0-9]+$/);
      if ('Healthcheck' in c) expect(isStringArray((c.Healthcheck as Obj).Test)).toBe(true);
    }
  });

  it('exposes the port its app listens on', () => {
    if (img.app === null) return;
    const app = img.app as Obj;
    for (const t of Object.values(img.tags as Obj) as Obj[]) {
      expect(Object.keys(((t.config as Obj).ExposedPorts as Obj) ?? {})).toContain(`${app.port}/${app.protocol}`);
    }
  });
});

describe('image catalog: values from the seed and the reference', () => {
  it('nginx:latest pins the §3.1 digest, has the §1.9 ID prefix and size, and the seed COMMAND', () => {
    const t = image('nginx').tags.latest;
    expect(t.repoDigest).toBe('sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a');
    expect(t.id.slice(7, 19)).toBe('fb39280b7b9e');
    expect(humanSize(t.size)).toBe('192MB');
    expect(t.config.Entrypoint).toEqual(['/docker-entrypoint.sh']);
    expect(t.config.Cmd).toEqual(['nginx', '-g', 'daemon off;']);
    expect(psCommand(t)).toBe('"/docker-entrypoint.…"');
    expect(t.config.ExposedPorts).toEqual({ '80/tcp': {} });
    expect(t.config.StopSignal).toBe('SIGQUIT');
    expect(image('nginx').pullPath).toBe('library/nginx');
  });

  it('nginx has bash but none of the network tools the seed lacks', () => {
    const nginx = image('nginx');
    expect(nginx.shell).toBe('/bin/bash');
    expect(nginx.binaries).toEqual(expect.arrayContaining(['bash', 'sh', 'ls', 'cat', 'echo', 'pwd', 'hostname', 'sed', 'grep']));
    for (const missing of ['ping', 'ifconfig', 'ip', 'traceroute', 'nslookup', 'dig', 'netstat']) {
      expect(nginx.binaries).not.toContain(missing);
    }
    expect(nginx.packages['iputils-ping']).toEqual(['ping']);
    expect(nginx.packages['net-tools']).toContain('ifconfig');
  });

  it("nginx's index.html is the seed's text byte for byte", () => {
    const nginx = image('nginx');
    expect(nginx.files['/usr/share/nginx/html/index.html']).toBe(SEED_NGINX_INDEX);
    expect(Buffer.byteLength(SEED_NGINX_INDEX)).toBe(615);
    expect(nginx.files['/usr/share/nginx/html/50x.html']).toContain('<h1>An error occurred.</h1>');
  });

  it("nginx's rootDirs equal the seed's ls /", () => {
    expect(image('nginx').rootDirs).toEqual(SEED_NGINX_LS.split(/\s+/));
  });

  it('nginx prints the docker-entrypoint lines at start', () => {
    const logs = image('nginx').startupLogs;
    expect(logs[0]).toBe('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
    expect(logs).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up');
    expect(logs.some((l) => /\[notice\] 1#1: nginx\/1\.27\.3$/.test(l))).toBe(true);
  });

  it('the sleeper matches the seed: digest, "sleep 3600", network tools, bash', () => {
    const img = image('coolgourav147/sleeper_traceroute');
    const t = img.tags.latest;
    expect(t.repoDigest).toBe('sha256:9c8300ab567edf5fc10f36a527044fadbc1a1956e8d9a6259f83ebe76e116219');
    expect(t.config.Cmd).toEqual(['sleep', '3600']);
    expect(t.config.Entrypoint).toBeNull();
    expect(psCommand(t)).toBe('"sleep 3600"');
    expect(t.id.slice(7, 19)).toBe('52f5a2f31a6a');
    expect(humanSize(t.size)).toBe('83.9MB');
    const years = (SEED_DATE - Date.parse(t.created)) / (365 * 24 * 3600 * 1000);
    expect(Math.floor(years)).toBe(4);
    expect(img.pullPath).toBe('coolgourav147/sleeper_traceroute');
    expect(img.shell).toBe('/bin/bash');
    expect(img.binaries).toEqual(expect.arrayContaining(['ping', 'ifconfig', 'traceroute', 'ip', 'bash']));
    expect(['debian', 'ubuntu']).toContain(img.distro);
    expect(img.app).toBeNull();
  });

  it('alpine is aded1e1a5b37, 7.83MB', () => {
    const t = image('alpine').tags.latest;
    expect(t.id.slice(7, 19)).toBe('aded1e1a5b37');
    expect(humanSize(t.size)).toBe('7.83MB');
    expect(t.config.Cmd).toEqual(['/bin/sh']);
    expect(image('alpine').binaries).toEqual(expect.arrayContaining(['ping', 'ifconfig', 'traceroute', 'nslookup', 'wget', 'ip', 'sh']));
    expect(image('alpine').binaries).not.toContain('bash');
  });

  it('the visualizer is 8dbf7c60cf88, 167MB, serving on 8080', () => {
    const img = image('dockersamples/visualizer');
    const t = img.tags.latest;
    expect(t.id.slice(7, 19)).toBe('8dbf7c60cf88');
    expect(humanSize(t.size)).toBe('167MB');
    expect(img.app).toEqual({ kind: 'visualizer', port: 8080, protocol: 'tcp' });
    expect(t.config.ExposedPorts).toEqual({ '8080/tcp': {} });
    expect(img.binaries).toContain('node');
  });

  it('redis shows "docker-entrypoint.s…" and latest/7 are the same image', () => {
    const redis = image('redis');
    expect(psCommand(redis.tags['7'])).toBe('"docker-entrypoint.s…"');
    expect(redis.tags['7']).toEqual(redis.tags.latest);
    expect(redis.tags.latest.config.Volumes).toEqual({ '/data': {} });
  });

  it('busybox and alpine run plain sh; whoami has no shell at all', () => {
    expect(psCommand(image('busybox').tags.latest)).toBe('"sh"');
    expect(image('busybox').shell).toBe('/bin/sh');
    expect(image('busybox').binaries).not.toContain('bash');
    const whoami = image('traefik/whoami');
    expect(whoami.shell).toBeNull();
    expect(whoami.binaries).toEqual([]);
    expect(whoami.tags.latest.config.Entrypoint).toEqual(['/whoami']);
  });

  it('go-units sizing helper matches the reference examples', () => {
    expect(humanSize(0)).toBe('0B');
    expect(humanSize(999)).toBe('999B');
    expect(humanSize(1000)).toBe('1kB');
    expect(humanSize(1_234_567_890)).toBe('1.23GB');
  });
});
