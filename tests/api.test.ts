// `dockersim daemon`: the Engine API on unix sockets. Protocol points from engine-api-calls.md
// (ping headers, version negotiation, errors, filters, hijacked exec with 8-byte frames and a raw
// TTY), the socket and context layout, and the real docker CLI where it is the judge.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { request, Hijacked, demux, startDaemon } from './parity/api-client';
import { runDocker, dockerProblem } from './parity/harness';
import { ApiDaemon, parseTcp } from '../src/api/daemon';
import { Sim } from './helpers';

jest.setTimeout(30_000);

let d: Awaited<ReturnType<typeof startDaemon>>;
let sock: string;

beforeAll(async () => {
  d = await startDaemon();
  sock = d.daemon.socketPath('docker');
});

afterAll(async () => {
  await d.cleanup();
});

describe('negotiation and errors', () => {
  test('HEAD and GET /_ping answer with the headers the CLI reads', async () => {
    const head = await request(sock, 'HEAD', '/_ping');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['api-version']).toBe('1.50');
    expect(head.headers['ostype']).toBe('linux');
    expect(head.headers['swarm']).toBe('inactive');
    expect(head.headers['docker-experimental']).toBe('false');
    expect(head.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
    expect(head.headers['pragma']).toBe('no-cache');
    const get = await request(sock, 'GET', '/_ping');
    expect(get.body).toBe('OK');
  });

  test('a version prefix outside [1.24, 1.50] is refused; unknown paths are 404 page not found', async () => {
    const tooNew = await request(sock, 'GET', '/v1.51/info');
    expect(tooNew.status).toBe(400);
    expect(tooNew.json).toEqual({ message: 'client version 1.51 is too new. Maximum supported API version is 1.50' });
    const tooOld = await request(sock, 'GET', '/v1.23/info');
    expect(tooOld.json.message).toBe('client version 1.23 is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version');
    const plain = await request(sock, 'GET', '/info');
    expect(plain.status).toBe(200);
    const unknown = await request(sock, 'GET', '/v1.50/nothing/here');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ message: 'page not found' });
    expect((await request(sock, 'PUT', '/v1.50/networks')).status).toBe(405);
  });

  test("errors carry the engine's status and message as JSON", async () => {
    const r = await request(sock, 'GET', '/v1.50/networks/nope');
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.json).toEqual({ message: 'network nope not found' });
    const svc = await request(sock, 'GET', '/v1.50/services');
    expect(svc.status).toBe(503);
    expect(svc.json.message).toMatch(/^This node is not a swarm manager\./);
    const dup = await request(sock, 'POST', '/v1.50/networks/create', { Name: 'bridge', Driver: 'bridge' });
    expect(dup.status).toBe(403);
  });

  test('filters arrive as JSON, in the map form and the old list form', async () => {
    await request(sock, 'POST', '/v1.50/networks/create', { Name: 'alpha', Driver: 'bridge', Labels: { team: 'a' } });
    await request(sock, 'POST', '/v1.50/networks/create', { Name: 'beta', Driver: 'bridge' });
    const names = (r: { json: Array<{ Name: string }> }) => r.json.map((n) => n.Name).sort();
    const byMap = await request(sock, 'GET', `/v1.50/networks?filters=${encodeURIComponent('{"name":{"alpha":true}}')}`);
    expect(names(byMap)).toEqual(['alpha']);
    const byList = await request(sock, 'GET', `/v1.50/networks?filters=${encodeURIComponent('{"label":["team=a"]}')}`);
    expect(names(byList)).toEqual(['alpha']);
    const bad = await request(sock, 'GET', `/v1.50/networks?filters=${encodeURIComponent('{"colour":{"red":true}}')}`);
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ message: "invalid filter 'colour'" });
  });

  test('the Swarm ping header follows the node: inactive, active/manager, active/worker', async () => {
    const init = await request(sock, 'POST', '/v1.50/swarm/init', { ListenAddr: '0.0.0.0:2377', AdvertiseAddr: '192.168.1.221' });
    expect(init.status).toBe(200);
    expect(typeof init.json).toBe('string');
    expect((await request(sock, 'HEAD', '/_ping')).headers['swarm']).toBe('active/manager');
    await d.sim.ok(['machine', 'create', 'worker01', '--ip', '192.168.1.222'], { prog: 'dockersim' });
    await d.daemon.scan();
    const wsock = d.daemon.socketPath('worker01');
    expect((await request(wsock, 'HEAD', '/_ping')).headers['swarm']).toBe('inactive');
    const swarm = await request(sock, 'GET', '/v1.50/swarm');
    const join = await request(wsock, 'POST', '/v1.50/swarm/join', { RemoteAddrs: ['192.168.1.221:2377'], JoinToken: swarm.json.JoinTokens.Worker });
    expect(join.status).toBe(200);
    expect((await request(wsock, 'HEAD', '/_ping')).headers['swarm']).toBe('active/worker');
    const denied = await request(wsock, 'GET', '/v1.50/nodes');
    expect(denied.status).toBe(503);
    expect(denied.json.message).toMatch(/Worker nodes can't be used to view or modify cluster state/);
  });

  test('the real CLI negotiates down to the 26.1 profile (API 1.45)', async () => {
    const problem = dockerProblem();
    if (problem) throw new Error(problem);
    const other = await startDaemon();
    try {
      await other.sim.ok(['lab', 'up', 'single', '--engine', '26.1'], { prog: 'dockersim' });
      const v = await runDocker(['version', '--format', '{{.Client.APIVersion}} {{.Server.APIVersion}} {{.Server.Version}}'], { PATH: process.env.PATH, DOCKER_HOST: `unix://${other.daemon.socketPath('docker')}`, DOCKER_CONFIG: other.config });
      expect(v.stdout).toBe('1.45 1.45 26.1.4\n');
      const text = await runDocker(['version'], { PATH: process.env.PATH, DOCKER_HOST: `unix://${other.daemon.socketPath('docker')}`, DOCKER_CONFIG: other.config });
      expect(text.stdout).toContain(' API version:       1.45 (downgraded from 1.50)\n');
    } finally {
      await other.cleanup();
    }
  });
});

describe('hijacked exec', () => {
  let ctr: string;
  beforeAll(async () => {
    await request(sock, 'POST', '/v1.50/images/create?fromImage=docker.io%2Flibrary%2Fbusybox&tag=latest');
    const c = await request(sock, 'POST', '/v1.50/containers/create?name=box', { Image: 'busybox', Cmd: ['sleep', '3600'], HostConfig: { NetworkMode: 'default' } });
    expect(c.status).toBe(201);
    ctr = c.json.Id;
    expect((await request(sock, 'POST', `/v1.50/containers/${ctr}/start`)).status).toBe(204);
  });

  test('no TTY: 101 UPGRADED, stdout and stderr in 8-byte frames, exit code from exec inspect', async () => {
    const ex = await request(sock, 'POST', '/v1.50/containers/box/exec', { AttachStdout: true, AttachStderr: true, Tty: false, Cmd: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
    expect(ex.status).toBe(201);
    expect(ex.json.Id).toMatch(/^[0-9a-f]{64}$/);
    const h = await Hijacked.open(sock, `/v1.50/exec/${ex.json.Id}/start`, { Detach: false, Tty: false });
    h.socket.end(); // the CLI's CloseWrite when there is no stdin: output must still come
    await h.ended;
    expect(h.head).toMatch(/^HTTP\/1\.1 101 UPGRADED\r\n/);
    expect(h.head).toContain('Content-Type: application/vnd.docker.multiplexed-stream\r\n');
    expect(h.head).toContain('Upgrade: tcp\r\n');
    const out = demux(h.data);
    expect(out).toEqual({ stdout: 'out\n', stderr: 'err\n', frames: [1, 2] });
    const info = await request(sock, 'GET', `/v1.50/exec/${ex.json.Id}/json`);
    expect(info.json).toMatchObject({ ID: ex.json.Id, Running: false, ExitCode: 3, ContainerID: ctr, ProcessConfig: { entrypoint: 'sh', arguments: ['-c', 'echo out; echo err >&2; exit 3'] } });
  });

  test('stdin (-i): read up to the half-close, then run', async () => {
    const ex = await request(sock, 'POST', '/v1.50/containers/box/exec', { AttachStdin: true, AttachStdout: true, AttachStderr: true, Cmd: ['cat'] });
    const h = await Hijacked.open(sock, `/v1.50/exec/${ex.json.Id}/start`, { Detach: false, Tty: false });
    h.socket.write('line one\nline two\n');
    h.socket.end();
    await h.ended;
    expect(demux(h.data).stdout).toBe('line one\nline two\n');
  });

  test('TTY + stdin on a shell: raw stream, prompt, echo, CR LF, resize, exit status', async () => {
    const ex = await request(sock, 'POST', '/v1.50/containers/box/exec', { AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true, ConsoleSize: [30, 100], Cmd: ['sh'] });
    const h = await Hijacked.open(sock, `/v1.50/exec/${ex.json.Id}/start`, { Detach: false, Tty: true, ConsoleSize: [30, 100] });
    await h.waitFor('/ # ');
    expect(h.head).toContain('Content-Type: application/vnd.docker.raw-stream\r\n');
    expect((await request(sock, 'POST', `/v1.50/exec/${ex.json.Id}/resize?h=40&w=120`)).status).toBe(200);
    h.socket.write('echo hel');
    h.socket.write('x\x7flo\r');
    await h.waitFor('hello\r\n/ # ');
    // busybox sh's prompt is `\w # ` for root.
    expect(h.data.toString('utf8')).toBe('/ # echo helx\b \blo\r\nhello\r\n/ # ');
    h.socket.write('cd /tmp\rpwd\r');
    await h.waitFor('/tmp\r\n/tmp # ');
    expect((await request(sock, 'GET', `/v1.50/exec/${ex.json.Id}/json`)).json.Running).toBe(true);
    h.socket.write('exit 4\r');
    await h.ended;
    const info = await request(sock, 'GET', `/v1.50/exec/${ex.json.Id}/json`);
    expect(info.json).toMatchObject({ Running: false, ExitCode: 4 });
  });

  test('exec on a stopped container or a missing exec instance: 409 / 404', async () => {
    const c = await request(sock, 'POST', '/v1.50/containers/create?name=idle', { Image: 'busybox', Cmd: ['sleep', '9'] });
    const r = await request(sock, 'POST', '/v1.50/containers/idle/exec', { Cmd: ['ls'] });
    expect(r.status).toBe(409);
    expect(r.json).toEqual({ message: `container ${c.json.Id} is not running` });
    const missing = await request(sock, 'GET', '/v1.50/exec/0123/json');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ message: 'No such exec instance: 0123' });
  });

  test('an exec started without an upgrade streams the frames as the response body', async () => {
    const ex = await request(sock, 'POST', '/v1.50/containers/box/exec', { AttachStdout: true, AttachStderr: true, Cmd: ['echo', 'plain'] });
    const r = await request(sock, 'POST', `/v1.50/exec/${ex.json.Id}/start`, { Detach: false, Tty: false });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/vnd.docker.multiplexed-stream');
    expect(demux(Buffer.from(r.body, 'latin1')).stdout).toBe('plain\n');
  });

  test('wait: headers at once, the body when the container exits', async () => {
    const chunks: string[] = [];
    const http = await import('node:http');
    const done = new Promise<{ status: number; body: string }>((resolve) => {
      const req = http.request({ socketPath: sock, method: 'POST', path: '/v1.50/containers/box/wait?condition=next-exit' }, (res) => {
        chunks.push(`headers ${res.statusCode}`);
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.end();
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(chunks).toEqual(['headers 200']);
    expect((await request(sock, 'POST', '/v1.50/containers/box/kill')).status).toBe(204);
    const res = await done;
    expect(JSON.parse(res.body)).toEqual({ StatusCode: 137 });
  });
});

describe('sockets, contexts, endpoints', () => {
  test('one 0600 socket per machine in a 0700 run directory, and a docker context each', async () => {
    const run = path.dirname(sock);
    expect(run).toBe(path.join(d.sim.env.DOCKERSIM_HOME!, 'run'));
    expect(fs.statSync(run).mode & 0o777).toBe(0o700);
    expect(fs.statSync(sock).mode & 0o777).toBe(0o600);
    expect(fs.statSync(sock).isSocket()).toBe(true);
    for (const name of ['docker', 'worker01']) {
      const file = path.join(d.config, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'), 'meta.json');
      const meta = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(meta).toEqual({ Name: name, Metadata: { Description: expect.stringMatching(/^dockersim machine /) }, Endpoints: { docker: { Host: `unix://${d.daemon.socketPath(name)}`, SkipTLSVerify: false } } });
    }
    const problem = dockerProblem();
    if (problem) throw new Error(problem);
    const ls = await runDocker(['context', 'ls', '--format', '{{.Name}} {{.DockerEndpoint}}'], { PATH: process.env.PATH, DOCKER_CONFIG: d.config, HOME: d.config });
    expect(ls.stdout).toBe(`default unix:///var/run/docker.sock\ndocker unix://${sock}\nworker01 unix://${d.daemon.socketPath('worker01')}\n`);
    const info = await runDocker(['--context', 'worker01', 'info', '--format', '{{.Name}} {{.Swarm.LocalNodeState}}'], { PATH: process.env.PATH, DOCKER_CONFIG: d.config, HOME: d.config });
    expect(info.stdout).toBe('worker01 active\n');
  });

  test('cached reads see every change the CLI makes, and a damaged file is reported', async () => {
    const names = async () => ((await request(sock, 'GET', '/v1.50/networks')).json as Array<{ Name: string }>).map((n) => n.Name).sort();
    const before = await names();
    expect(await names()).toEqual(before);
    await d.sim.ok(['network', 'create', 'cachecheck'], { prog: 'dockersim' });
    expect(await names()).toEqual([...before, 'cachecheck'].sort());
    await d.sim.ok(['network', 'rm', 'cachecheck'], { prog: 'dockersim' });
    expect(await names()).toEqual(before);
    // a file replaced behind its back with a damaged one is reported, not answered from memory
    const file = path.join(d.sim.env.DOCKERSIM_HOME!, 'state.json');
    const good = fs.readFileSync(file);
    fs.writeFileSync(file, good.subarray(0, good.length >> 1));
    try {
      const r = await request(sock, 'GET', '/v1.50/networks');
      expect(r.status).toBe(500);
      expect(JSON.stringify(r.json)).toContain(`cannot read state file ${file}`);
    } finally {
      fs.writeFileSync(file, good);
    }
    expect(await names()).toEqual(before);
  });

  test('a machine created while the daemon runs gets a socket within the re-scan (1 s)', async () => {
    await d.sim.ok(['machine', 'create', 'late', '--ip', '192.168.1.230'], { prog: 'dockersim' });
    const file = d.daemon.socketPath('late');
    const t0 = Date.now();
    while (!fs.existsSync(file) && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 50));
    expect(fs.existsSync(file)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(2500);
    expect((await request(file, 'GET', '/v1.50/info')).json.Name).toBe('late');
    await d.sim.ok(['machine', 'rm', 'late'], { prog: 'dockersim' });
    await d.daemon.scan();
    expect(fs.existsSync(file)).toBe(false);
  });

  test('a context of the same name that dockersim did not write is left alone', async () => {
    const other = await startDaemon({}, {});
    try {
      const file = path.join(other.config, 'contexts', 'meta', createHash('sha256').update('mine').digest('hex'), 'meta.json');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const mine = '{"Name":"mine","Metadata":{"Description":"my own"},"Endpoints":{"docker":{"Host":"unix:///x.sock","SkipTLSVerify":false}}}';
      fs.writeFileSync(file, mine);
      await other.sim.ok(['machine', 'create', 'mine'], { prog: 'dockersim' });
      await other.daemon.scan();
      expect(fs.readFileSync(file, 'utf8')).toBe(mine);
      expect(other.lines.join('\n')).toContain('machine "mine": a docker context of that name exists and was not written by dockersim; left as it is');
      expect(fs.existsSync(other.daemon.socketPath('mine'))).toBe(true);
    } finally {
      await other.cleanup();
    }
  });

  test('TCP binds loopback unless told otherwise, and says so', async () => {
    expect(parseTcp('2375')).toEqual({ host: '127.0.0.1', port: 2375 });
    expect(parseTcp('0.0.0.0:2375')).toEqual({ host: '0.0.0.0', port: 2375 });
    const lo = await startDaemon({ tcp: '0', machineSockets: false });
    try {
      const [ep] = lo.daemon.extraServers;
      expect(ep.address).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
      expect(lo.lines.join('\n')).toContain('(loopback only)');
      expect(lo.lines.join('\n')).not.toContain('WARNING');
    } finally {
      await lo.cleanup();
    }
    const wide = await startDaemon({ tcp: '0.0.0.0:0', machineSockets: false });
    try {
      expect(wide.daemon.extraServers[0].address).toMatch(/^tcp:\/\/0\.0\.0\.0:\d+$/);
      expect(wide.lines.join('\n')).toMatch(/WARNING: tcp:\/\/0\.0\.0\.0:\d+ is reachable from other hosts/);
    } finally {
      await wide.cleanup();
    }
  });

  test('--host unix://PATH serves the current context and follows `context use`', async () => {
    const x = await startDaemon({ hosts: [] });
    const extra = path.join(path.dirname(x.daemon.socketPath('docker')), '..', 'extra.sock');
    const y = new ApiDaemon({ env: x.sim.env, hosts: [`unix://${extra}`], machineSockets: false });
    try {
      await y.start();
      await x.sim.ok(['machine', 'create', 'second'], { prog: 'dockersim' });
      expect((await request(extra, 'GET', '/v1.50/info')).json.Name).toBe('docker');
      await x.sim.ok(['context', 'use', 'second'], { prog: 'dockersim' });
      expect((await request(extra, 'GET', '/v1.50/info')).json.Name).toBe('second');
    } finally {
      await y.stop();
      await x.cleanup();
    }
    expect(fs.existsSync(extra)).toBe(false);
  });

  test('parallel requests and CLI commands on the same engine lose no update', async () => {
    const x = await startDaemon();
    try {
      const s = x.daemon.socketPath('docker');
      const api = Array.from({ length: 16 }, (_, i) => request(s, 'POST', '/v1.50/networks/create', { Name: `api${i}`, Driver: 'bridge' }));
      const cli = Array.from({ length: 6 }, (_, i) => x.sim.run(['network', 'create', `cli${i}`]));
      const results = await Promise.all(api);
      expect(results.map((r) => `${r.status} ${r.json?.message ?? ''}`)).toEqual(Array(16).fill('201 '));
      expect((await Promise.all(cli)).map((r) => r.code)).toEqual(Array(6).fill(0));
      const names = (await request(s, 'GET', '/v1.50/networks')).json.map((n: { Name: string }) => n.Name);
      for (let i = 0; i < 16; i++) expect(names).toContain(`api${i}`);
      for (let i = 0; i < 6; i++) expect(names).toContain(`cli${i}`);
    } finally {
      await x.cleanup();
    }
  });

  test('stop: sockets removed, and a stale socket file from a crash is replaced on start', async () => {
    const x = await startDaemon();
    const s = x.daemon.socketPath('docker');
    await x.daemon.stop();
    expect(fs.existsSync(s)).toBe(false);
    fs.writeFileSync(s, '');
    const again = new ApiDaemon({ env: x.sim.env });
    await again.start();
    expect((await request(s, 'HEAD', '/_ping')).status).toBe(200);
    await again.stop();
    await x.cleanup();
  });
});

describe('dockersim daemon command', () => {
  test('help and flag errors', async () => {
    const sim = new Sim();
    const help = await sim.run(['daemon', '--help'], { prog: 'dockersim' });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: {2}dockersim daemon \[OPTIONS\]/);
    const bad = await sim.run(['daemon', '--log-level', 'loud'], { prog: 'dockersim' });
    expect(bad).toEqual({ code: 125, stdout: '', stderr: 'invalid --log-level "loud": use debug or info\n' });
  });
});
