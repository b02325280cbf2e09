// Issue "Real ports for simulated services": published ports served on loopback enter the
// simulation (routing mesh, IPVS round robin, the task's own files), nginx logs the requests, and
// the visualizer is a live page in a real Chromium.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import os from 'node:os';
import { spawn } from 'node:child_process';
import { Sim, ROOT, BIN } from './helpers';
import { PublishedPorts } from '../src/web/published';

// Page functions run in the browser, where `document` exists.
declare const document: { querySelectorAll(s: string): { length: number } };

const CHROMIUM = '/usr/bin/chromium';
const OUT = path.join(ROOT, 'tests', 'output', 'web');

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

async function seedLab() {
  const sim = new Sim();
  await sim.threeNodeSwarm();
  await sim.ok('network create -d overlay test');
  await sim.ok('network create -d overlay --attachable test01');
  return sim;
}

async function editPages(sim: Sim, svc: string) {
  for (const node of ['worker01', 'worker02']) {
    const id = (await sim.ok(['-c', node, 'ps', '-q', '--filter', `name=${svc}.`])).trim();
    await sim.ok(['-c', node, 'exec', id, 'bash', '-c', `echo "this page from ${node}" > /usr/share/nginx/html/index.html`]);
  }
}

describe('published ports on loopback', () => {
  let sim: Sim;
  let ports: PublishedPorts;
  const log: string[] = [];
  beforeAll(async () => {
    sim = await seedLab();
    await sim.ok('service create -d --name viz -p 8080:8080 --constraint node.role==manager dockersamples/visualizer');
    await sim.ok('service create -d --name web --replicas 2 -p 9000:80 nginx');
    await editPages(sim, 'web');
    ports = new PublishedPorts(sim.env, { log: (l) => log.push(l) });
    await ports.sync();
  });
  afterAll(() => ports.close());

  it('six requests to 127.0.0.1:9000 alternate between the two pages; service logs shows them', async () => {
    const pages: string[] = [];
    for (let i = 0; i < 6; i++) pages.push((await get('http://127.0.0.1:9000/')).body);
    expect(new Set(pages)).toEqual(new Set(['this page from worker01\n', 'this page from worker02\n']));
    for (let i = 1; i < 6; i++) expect(pages[i]).not.toBe(pages[i - 1]);
    const logs = await sim.ok('service logs web');
    const hits = logs.split('\n').filter((l) => l.includes('"GET / HTTP/1.1" 200'));
    expect(hits).toHaveLength(6);
    expect(hits.filter((l) => l.startsWith('web.1.'))).toHaveLength(3);
    expect(hits.every((l) => / {4}\| 10\.0\.0\.2 - - \[/.test(l))).toBe(true);
  });

  it('a port already taken on the host is skipped with one log line; the others keep working', async () => {
    const blocker = http.createServer(() => undefined);
    await new Promise<void>((r) => blocker.listen(9091, '127.0.0.1', () => r()));
    try {
      await sim.ok('service create -d --name blocked -p 9091:80 nginx');
      await ports.sync();
      await ports.sync();
      expect(log.filter((l) => l.includes('9091'))).toEqual(['published port 127.0.0.1:9091 not served: already in use on this host']);
      expect((await get('http://127.0.0.1:9000/')).status).toBe(200);
    } finally {
      blocker.close();
    }
  });

  it('Chromium sees both pages in fresh contexts, and the visualizer live', async () => {
    expect(fs.existsSync(CHROMIUM)).toBe(true); // .ci/run installs Debian's chromium
    fs.mkdirSync(OUT, { recursive: true });
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const seen: string[] = [];
      for (let i = 0; i < 2; i++) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto('http://127.0.0.1:9000/');
        seen.push((await page.textContent('body'))!.trim());
        await page.screenshot({ path: path.join(OUT, `nginx-${i + 1}.png`) });
        await context.close();
      }
      expect(new Set(seen)).toEqual(new Set(['this page from worker01', 'this page from worker02']));

      const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
      await page.goto('http://127.0.0.1:8080/');
      await page.waitForSelector('.node[data-node="worker02"]');
      expect(await page.locator('.node').count()).toBe(3);
      const cards = () => page.locator('.card').count();
      const before = await cards();
      expect(before).toBeGreaterThanOrEqual(4);
      await page.screenshot({ path: path.join(OUT, 'visualizer-1-start.png') });
      await sim.ok('service scale -d web=3');
      await page.waitForFunction((n) => document.querySelectorAll('.card').length === n, before + 1);
      await page.screenshot({ path: path.join(OUT, 'visualizer-2-scaled.png') });
      await sim.ok('node update --availability drain worker01');
      await page.waitForSelector('.node[data-node="worker01"][data-availability="drain"]');
      await page.waitForFunction(() => document.querySelectorAll('.node[data-node="worker01"] .card').length === 0);
      expect(await cards()).toBe(before + 1);
      await page.screenshot({ path: path.join(OUT, 'visualizer-3-drained.png') });
      await page.click('#show-networks');
      const rows = await page.locator('tr[data-network]').allTextContents();
      expect(rows.find((r) => r.startsWith('ingress'))).toMatch(/^ingress10\.0\.0\.0\/2410\.0\.0\.14096/);
      expect(rows.find((r) => r.startsWith('test01'))).toMatch(/^test0110\.0\.2\.0\/2410\.0\.2\.14098/);
      expect(rows.find((r) => r.startsWith('test') && !r.startsWith('test01'))).toMatch(/^test10\.0\.1\.0\/2410\.0\.1\.14097/);
      expect(rows.find((r) => r.startsWith('ingress'))).toMatch(/web\.1 10\.0\.0\.\d+\/24/);
      await page.screenshot({ path: path.join(OUT, 'visualizer-4-networks.png') });
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('dockersim daemon serves published ports', () => {
  it('with the daemon running, six requests alternate between the two edited pages', async () => {
    const sim = await seedLab();
    await sim.ok('service create -d --name web --replicas 2 -p 9000:80 nginx');
    await editPages(sim, 'web');
    const dockerConfig = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-config-'));
    const daemon = spawn(process.execPath, [BIN, 'daemon', '--publish-host', '127.0.0.2'], {
      env: { PATH: process.env.PATH, ...sim.env, DOCKER_CONFIG: dockerConfig },
    });
    try {
      let log = '';
      daemon.stderr.on('data', (d) => (log += d));
      daemon.stdout.on('data', (d) => (log += d));
      for (let i = 0; i < 200 && !log.includes('serving published port 9000 on http://127.0.0.2:9000/'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(log).toContain('serving published port 9000 on http://127.0.0.2:9000/');
      const pages: string[] = [];
      for (let i = 0; i < 6; i++) pages.push((await get('http://127.0.0.2:9000/')).body);
      for (let i = 1; i < 6; i++) expect(pages[i]).not.toBe(pages[i - 1]);
      expect(new Set(pages)).toEqual(new Set(['this page from worker01\n', 'this page from worker02\n']));
    } finally {
      daemon.kill('SIGTERM');
      await new Promise((r) => daemon.on('exit', r));
    }
    expect((await sim.ok('service logs web')).split('\n').filter((l) => l.includes('"GET / HTTP/1.1" 200'))).toHaveLength(6);
  }, 30_000);
});
