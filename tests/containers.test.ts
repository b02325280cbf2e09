// Issue "Containers, images and the in-container shell": each "What must be shown" point, with
// expectations from the seed tutorial and docker-cli-output.md §1.7, §5.5–5.7.
import { describe, it, expect } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { Sim, BIN, ROOT, Terminal } from './helpers';

const SLEEPER = 'coolgourav147/sleeper_traceroute';
const SEED_PULL =
  "Unable to find image 'coolgourav147/sleeper_traceroute:latest' locally\n" +
  'latest: Pulling from coolgourav147/sleeper_traceroute\n' +
  'Digest: sha256:9c8300ab567edf5fc10f36a527044fadbc1a1956e8d9a6259f83ebe76e116219\n' +
  'Status: Downloaded newer image for coolgourav147/sleeper_traceroute:latest\n';

async function lab(engine: string) {
  const sim = new Sim({ DOCKERSIM_ENGINE: engine });
  await sim.threeNodeSwarm();
  await sim.ok('network create -d overlay test');
  await sim.ok('network create -d overlay --attachable test01');
  return sim;
}

describe('1. docker run on a non-attachable overlay (§5.5, seed)', () => {
  it('26.1: the seed\'s four pull lines, the ID, the seed-form error, exit 125, left Created', async () => {
    const sim = await lab('26.1');
    const r = await sim.run(['-c', 'worker02', 'container', 'run', '-d', '--network=test', SLEEPER]);
    expect(r.code).toBe(125);
    expect(r.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    expect(r.stderr).toBe(
      SEED_PULL + 'docker: Error response from daemon: Could not attach to network test: rpc error: code = PermissionDenied desc = network test not manually attachable.\n',
    );
    const ls = await sim.ok(['-c', 'worker02', 'container', 'ls', '-a']);
    expect(ls.split('\n')[1]).toMatch(new RegExp(`^${r.stdout.slice(0, 12)}   coolgourav147/sleeper_traceroute   "sleep 3600"   Less than a second ago   Created {13}[a-z]+_[a-z]+$`));
  });

  it('28.2: the 28.x form with the networking prefix and the help line', async () => {
    const sim = await lab('28.2');
    const r = await sim.run(['-c', 'worker02', 'container', 'run', '-d', '--network=test', SLEEPER]);
    expect(r.code).toBe(125);
    expect(r.stderr.endsWith(
      'docker: Error response from daemon: failed to set up container networking: Could not attach to network test: rpc error: code = PermissionDenied desc = network test not manually attachable\n\nRun \'docker run --help\' for more information\n',
    )).toBe(true);
    expect(r.stderr).toContain('Pull complete\n');
  });
});

describe('2. attachable overlay: addresses and ifconfig (seed)', () => {
  it('worker02 gets 10.0.2.2, worker01 10.0.2.4; ifconfig has the seed\'s layout', async () => {
    const sim = await lab('26.1');
    const a = (await sim.ok(['-c', 'worker02', 'container', 'run', '-d', '--network=test01', SLEEPER])).trim();
    const b = (await sim.ok(['-c', 'worker01', 'container', 'run', '-d', '--network=test01', SLEEPER])).trim();
    const second = await sim.run(['-c', 'worker02', 'container', 'run', '-d', '--network=test01', SLEEPER]);
    expect(second.stderr).toBe('');
    const ip = async (m: string, id: string) => (await sim.ok(['-c', m, 'inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', id])).trim();
    expect(await ip('worker02', a)).toBe('10.0.2.2');
    expect(await ip('worker01', b)).toBe('10.0.2.4');
    const ifc = await sim.ok(['-c', 'worker02', 'exec', a, 'ifconfig']);
    const lines = ifc.split('\n').map((l) => l.trimEnd());
    expect(lines.slice(0, 7)).toEqual([
      'eth0      Link encap:Ethernet  HWaddr 02:42:0a:00:02:02',
      '          inet addr:10.0.2.2  Bcast:10.0.2.255  Mask:255.255.255.0',
      '          UP BROADCAST RUNNING MULTICAST  MTU:1450  Metric:1',
      '          RX packets:0 errors:0 dropped:0 overruns:0 frame:0',
      '          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0',
      '          collisions:0 txqueuelen:0',
      '          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)',
    ]);
    expect(lines[8]).toBe('eth1      Link encap:Ethernet  HWaddr 02:42:ac:12:00:03');
    expect(lines[9]).toBe('          inet addr:172.18.0.3  Bcast:172.18.255.255  Mask:255.255.0.0');
    expect(lines[10]).toBe('          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1');
    expect(lines.slice(16)).toEqual([
      'lo        Link encap:Local Loopback',
      '          inet addr:127.0.0.1  Mask:255.0.0.0',
      '          inet6 addr: ::1/128 Scope:Host',
      '          UP LOOPBACK RUNNING  MTU:65536  Metric:1',
      '          RX packets:0 errors:0 dropped:0 overruns:0 frame:0',
      '          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0',
      '          collisions:0 txqueuelen:1000',
      '          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)',
      '',
      '',
    ]);
  });
});

describe('3. a container\'s filesystem persists, per container', () => {
  it('the nginx page edited in one exec is there in the next; the other replica is unchanged', async () => {
    const sim = await lab('28.2');
    await sim.ok('service create -d --replicas 2 -p 9000:80 nginx');
    const containers = async (m: string) => (await sim.ok(['-c', m, 'ps', '-q', '--filter', 'name=.1.', '--filter', 'name=.2.'])).trim().split('\n').filter(Boolean);
    const [w1] = await containers('worker01');
    const [w2] = await containers('worker02');
    expect(w1 && w2).toBeTruthy();
    await sim.ok(['-c', 'worker01', 'exec', w1, 'bash', '-c', 'cd /usr/share/nginx/html && echo "this page from worker01" > index.html']);
    expect(await sim.ok(['-c', 'worker01', 'exec', w1, 'cat', '/usr/share/nginx/html/index.html'])).toBe('this page from worker01\n');
    expect(await sim.ok(['-c', 'worker02', 'exec', w2, 'cat', '/usr/share/nginx/html/index.html'])).toContain('<title>Welcome to nginx!</title>');
  });
});

describe('4. exec -i and exec -it', () => {
  it('piping a script into exec -i bash prints the 12-char hostname', async () => {
    const sim = await lab('28.2');
    const id = (await sim.ok(['-c', 'worker02', 'run', '-d', '--network=test01', SLEEPER])).trim();
    expect(await sim.ok(['-c', 'worker02', 'exec', '-i', id, 'bash'], { input: 'hostname\nexit\n' })).toBe(id.slice(0, 12) + '\n');
  });

  it('-it without a terminal is docker\'s error', async () => {
    const sim = await lab('28.2');
    const id = (await sim.ok(['-c', 'worker02', 'run', '-d', '--network=test01', SLEEPER])).trim();
    const r = await sim.run(['-c', 'worker02', 'exec', '-it', id, 'bash']);
    expect([r.code, r.stderr]).toEqual([1, 'the input device is not a TTY\n']);
  });

  it('an interactive bash under tmux shows root@<id12>:/# and follows cd, ls, pwd, exit', async () => {
    const sim = await lab('28.2');
    await sim.ok('service create -d --name web nginx');
    const node = (await sim.ok(['service', 'ps', 'web', '--format', '{{.Node}}'])).trim();
    const id = (await sim.ok(['-c', node, 'ps', '-q'])).trim().split('\n')[0];
    const term = new Terminal(`node ${BIN} -c ${node} exec -it ${id} bash`, { ...sim.env, DOCKERSIM_PROG: 'docker' }, 120, 30);
    const lit = (t: string) => new RegExp(t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
    try {
      expect(await term.waitFor(lit(`root@${id}:/#`))).toContain(`root@${id}:/#`);
      term.keys('cd /usr/share/nginx/html', 'Enter');
      expect(await term.waitFor(lit(`root@${id}:/usr/share/nginx/html#`))).toContain(`root@${id}:/usr/share/nginx/html#`);
      term.keys('ls', 'Enter');
      expect(await term.waitFor(/50x\.html {2}index\.html/)).toContain('50x.html  index.html');
      term.keys('pwd', 'Enter');
      expect(await term.waitFor(/\n\/usr\/share\/nginx\/html\n/)).toMatch(/\n\/usr\/share\/nginx\/html\n/);
      term.keys('exit', 'Enter');
      expect(await term.waitFor(/\nexit\n/)).toMatch(/\nexit\n/);
    } finally {
      term.close();
    }
  }, 30_000);
});

describe('5. commands exist only if the image has them', () => {
  it('nginx has no ping: bash says so (127), exec prints §5.7; apt-get installs it', async () => {
    const sim = await lab('28.2');
    await sim.ok('service create -d --name web nginx');
    const node = (await sim.ok(['service', 'ps', 'web', '--format', '{{.Node}}'])).trim();
    const id = (await sim.ok(['-c', node, 'ps', '-q'])).trim().split('\n')[0];
    let r = await sim.run(['-c', node, 'exec', id, 'bash', '-c', 'ping -c 1 10.0.2.2']);
    expect([r.code, r.stderr]).toEqual([127, 'bash: line 1: ping: command not found\n']);
    r = await sim.run(['-c', node, 'exec', id, 'ping', '10.0.2.2']);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      127,
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "ping": executable file not found in $PATH: unknown\r\n',
      '',
    ]);
    r = await sim.run(['-c', node, 'exec', id, 'apt-get', 'install', '-y', 'iputils-ping']);
    expect(r.code).toBe(100);
    expect(r.stderr).toContain('E: Unable to locate package iputils-ping');
    await sim.ok(['-c', node, 'exec', id, 'apt-get', 'update']);
    await sim.ok(['-c', node, 'exec', id, 'apt-get', 'install', '-y', 'iputils-ping']);
    r = await sim.run(['-c', node, 'exec', id, 'which', 'ping']);
    expect([r.code, r.stdout]).toEqual([0, '/usr/bin/ping\n']);
  });
});

describe('6. nothing reaches the host', () => {
  it('the image\'s /etc/passwd, no host files written, an image-only root, runaway loops stopped', async () => {
    const sim = await lab('28.2');
    const id = (await sim.ok(['run', '-d', '--name', 'box', 'alpine', 'sleep', '1d'])).trim();
    const passwd = await sim.ok(['exec', id, 'cat', '/etc/passwd']);
    expect(passwd).toContain('root:x:0:0:root:/root:/bin/sh');
    expect(passwd).not.toBe(fs.readFileSync('/etc/passwd', 'utf8'));
    const probe = path.join('/tmp', `dockersim-probe-${process.pid}`);
    await sim.ok(['exec', id, 'sh', '-c', `echo x > ${probe}`]);
    expect(fs.existsSync(probe)).toBe(false);
    expect(await sim.ok(['exec', id, 'cat', probe])).toBe('x\n');
    const root = (await sim.ok(['exec', id, 'ls', '/'])).split(/\s+/).filter(Boolean);
    expect(root).toContain('etc');
    expect(root).not.toContain(path.basename(ROOT));
    expect(root).not.toContain('work');
    const t = Date.now();
    const r = await sim.run(['exec', id, 'sh', '-c', 'while true; do :; done']);
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(r.code).toBe(124);
    expect(r.stderr).toMatch(/^dockersim: runaway command stopped/);
  }, 30_000);
});

describe('start-up logs are the image\'s, stamped with the container\'s start', () => {
  it('nginx, redis and httpd logs carry the start time in each program\'s own format, the node\'s kernel and the container\'s address', async () => {
    // DOCKERSIM_NOW is 2024-06-20T01:20:11Z in the test harness.
    const sim = await lab('28.2');
    await sim.ok(['run', '-d', '--name', 'web', 'nginx']);
    await sim.ok(['run', '-d', '--name', 'cache', 'redis']);
    await sim.ok(['run', '-d', '--name', 'apache', 'httpd']);
    const nginx = await sim.ok('logs web');
    expect(nginx).toContain('\n2024/06/20 01:20:11 [notice] 1#1: OS: Linux 6.8.0-60-generic\n');
    expect(await sim.ok('exec web uname -r')).toBe('6.8.0-60-generic\n');
    expect(await sim.ok('logs cache')).toMatch(/^1:C 20 Jun 2024 01:20:11\.\d{3} \* oO0OoO0OoO0Oo Redis is starting/);
    const ip = (await sim.ok(['inspect', '-f', '{{.NetworkSettings.IPAddress}}', 'apache'])).trim();
    const apache = await sim.ok('logs apache');
    expect(apache).toContain(`fully qualified domain name, using ${ip}. Set`);
    expect(apache).toMatch(/\n\[Thu Jun 20 01:20:11\.\d{6} 2024\] \[core:notice\]/);
    for (const text of [nginx, apache]) expect(text).not.toMatch(/\{(time:|kernel|ip)/);
  });
});

describe('a main process runs to its end unless something keeps it up (as on a real engine)', () => {
  it('run -d: short commands exit with their status and leave their output in the log; servers and shells held open by -i/-t stay up', async () => {
    const sim = new Sim();
    for (const image of ['alpine', 'busybox', 'ubuntu', 'nginx']) await sim.ok(['pull', '-q', image]);
    await sim.ok('run -d --name echo1 alpine echo hi');
    await sim.ok('run -d --name false1 busybox false');
    await sim.ok('run -d --name bare ubuntu');
    await sim.ok('run -d --name web nginx');
    // -dit needs no terminal: only an attached run does
    await sim.ok('run -dit --name held alpine ash');
    await sim.ok('run -dt --name tty1 ubuntu');
    await sim.ok(['run', '-d', '--name', 'mixed', 'alpine', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    const status = Object.fromEntries(
      (await sim.ok(['ps', '-a', '--format', '{{.Names}} {{.Status}}']))
        .trim()
        .split('\n')
        .map((l) => [l.split(' ')[0], l.split(' ').slice(1).join(' ')]),
    );
    expect(status).toEqual({
      echo1: expect.stringMatching(/^Exited \(0\) /),
      false1: expect.stringMatching(/^Exited \(1\) /),
      bare: expect.stringMatching(/^Exited \(0\) /),
      web: expect.stringMatching(/^Up /),
      held: expect.stringMatching(/^Up /),
      tty1: expect.stringMatching(/^Up /),
      mixed: expect.stringMatching(/^Exited \(3\) /),
    });
    expect(await sim.run('logs echo1')).toEqual({ code: 0, stdout: 'hi\n', stderr: '' });
    expect(await sim.run('logs mixed')).toEqual({ code: 0, stdout: 'out\n', stderr: 'err\n' });
    // start runs it again: the log grows, the container exits again
    expect(await sim.ok('start echo1')).toBe('echo1\n');
    expect(await sim.ok('logs echo1')).toBe('hi\nhi\n');
    expect(await sim.ok('logs --tail 1 echo1')).toBe('hi\n');
    expect(await sim.ok(['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'echo1'])).toBe('exited 0\n');
  });

  it('an attached run\'s output is in the log too', async () => {
    const sim = new Sim();
    const out = await sim.ok('run --name once busybox hostname');
    const id = out.trim().split('\n').pop()!;
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(await sim.ok('logs once')).toBe(`${id}\n`);
  });
});

describe('docker attach (cli/command/container/attach.go)', () => {
  it('refuses stopped containers and a missing terminal with docker\'s words', async () => {
    const sim = new Sim();
    await sim.ok('pull -q alpine');
    await sim.ok('run -d --name done1 alpine echo hi');
    await sim.ok('run -dit --name shell1 alpine ash');
    expect(await sim.run('attach done1')).toEqual({ code: 1, stdout: '', stderr: 'You cannot attach to a stopped container, start it first\n' });
    expect(await sim.run('attach shell1')).toEqual({ code: 1, stdout: '', stderr: 'the input device is not a TTY\n' });
    expect(await sim.run('attach nope')).toEqual({ code: 1, stdout: '', stderr: 'Error response from daemon: No such container: nope\n' });
  });

  it('under a terminal: the shell of run -dit; Ctrl-P Ctrl-Q detaches (read escape sequence, exit 1) and it runs on; exit ends it', async () => {
    const sim = new Sim();
    await sim.ok('pull -q alpine');
    const id = (await sim.ok('run -dit --name shell1 alpine ash')).trim().slice(0, 12);
    const attach = `node ${BIN} attach shell1; echo "rc=$?"`;
    const term = new Terminal(`${attach}; ${attach}`, { ...sim.env, DOCKERSIM_PROG: 'docker' });
    try {
      expect(await term.waitFor(/^\/ # *$/m)).toMatch(/^\/ # *$/m);
      term.keys('hostname', 'Enter');
      expect(await term.waitFor(new RegExp(`^${id}`, 'm'))).toMatch(new RegExp(`^/ # hostname\\s*\\n${id}\\s*\\n/ # *$`, 'm'));
      term.keys('C-p', 'C-q');
      expect(await term.waitFor(/rc=1/)).toMatch(/^\/ # read escape sequence\s*\nrc=1$/m);
      expect((await sim.ok(['inspect', '-f', '{{.State.Status}}', 'shell1'])).trim()).toBe('running');
      // attached again: the shell is still there
      expect(await term.waitFor(/^rc=1\s*\n\/ # *$/m)).toMatch(/^rc=1\s*\n\/ # *$/m);
      term.keys('exit 3', 'Enter');
      expect(await term.waitFor(/rc=3/)).toMatch(/^\/ # exit 3\s*\nrc=3\s*$/m);
      expect((await sim.ok(['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'shell1'])).trim()).toBe('exited 3');
    } finally {
      term.close();
    }
  }, 30_000);
});

describe('docker port (cli/command/container/port.go, the docs\' example)', () => {
  it('lists bindings in natural order, one port\'s bindings, and docker\'s errors', async () => {
    const sim = new Sim();
    await sim.ok('pull -q nginx');
    await sim.ok('run -d --name test -p 4321:7890 -p 1234:9876 nginx');
    expect(await sim.ok('port test')).toBe('7890/tcp -> 0.0.0.0:4321\n7890/tcp -> [::]:4321\n9876/tcp -> 0.0.0.0:1234\n9876/tcp -> [::]:1234\n');
    expect(await sim.ok('port test 7890/tcp')).toBe('0.0.0.0:4321\n[::]:4321\n');
    expect(await sim.ok('port test 7890')).toBe('0.0.0.0:4321\n[::]:4321\n');
    expect(await sim.run('port test 7890/udp')).toEqual({ code: 1, stdout: '', stderr: "Error: No public port '7890/udp' published for test\n" });
    expect((await sim.run('port test abc')).stderr).toBe('Error: invalid port (abc): strconv.ParseUint: parsing "abc": invalid syntax\n');
    expect(await sim.ok(['ps', '--format', '{{.Ports}}'])).toBe('80/tcp, 0.0.0.0:4321->7890/tcp, [::]:4321->7890/tcp, 0.0.0.0:1234->9876/tcp, [::]:1234->9876/tcp\n');
  });
});

describe('docker pause / unpause (moby daemon/pause.go, the docs\' exec example)', () => {
  it('a paused container is listed as (Paused), refuses exec, and comes back', async () => {
    const sim = new Sim();
    await sim.ok('pull -q alpine');
    const id = (await sim.ok('run -d --name mycontainer alpine sleep 1d')).trim();
    expect(await sim.ok('pause mycontainer')).toBe('mycontainer\n');
    expect(await sim.ok(['ps', '--format', '{{.Names}} {{.Status}}'])).toMatch(/^mycontainer Up .+ \(Paused\)\n$/);
    expect(await sim.run('exec mycontainer sh')).toEqual({ code: 1, stdout: '', stderr: 'Error response from daemon: Container mycontainer is paused, unpause the container before exec\n' });
    expect(await sim.run('pause mycontainer')).toEqual({ code: 1, stdout: '', stderr: `Error response from daemon: Container ${id} is already paused\n` });
    expect(await sim.ok('unpause mycontainer')).toBe('mycontainer\n');
    expect(await sim.run('unpause mycontainer')).toEqual({ code: 1, stdout: '', stderr: `Error response from daemon: Container ${id} is not paused\n` });
    expect((await sim.ok('exec mycontainer hostname')).trim()).toBe(id.slice(0, 12));
  });
});

describe('docker rename (cli/command/container/rename.go, moby daemon/rename.go)', () => {
  it('renames; the embedded DNS answers the new name only; docker\'s errors', async () => {
    const sim = new Sim();
    await sim.ok('network create appnet');
    await sim.ok('run -d --name web1 --network appnet nginx');
    const cli = (await sim.ok('run -d --name cli1 --network appnet busybox sleep 1d')).trim();
    expect(await sim.run('rename web1 web2')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await sim.ok('exec cli1 ping -c 1 web2')).split('\n')[0]).toMatch(/^PING web2 \(172\.18\.0\.\d+\): 56 data bytes$/);
    expect((await sim.run('exec cli1 ping -c 1 web1')).stderr).toBe("ping: bad address 'web1'\n");
    expect(await sim.run('rename web2 cli1')).toEqual({
      code: 1,
      stdout: '',
      stderr: `Error response from daemon: Error when allocating new name: Conflict. The container name "/cli1" is already in use by container "${cli}". You have to remove (or rename) that container to be able to reuse that name.\nError: failed to rename container named web2\n`,
    });
    expect((await sim.run('rename web2 web2')).stderr).toBe('Error response from daemon: Renaming a container with the same name as its current name\nError: failed to rename container named web2\n');
    expect((await sim.run(['rename', 'web2', ' '])).stderr).toBe('Error: Neither old nor new names may be empty\n');
    expect(await sim.ok(['ps', '--format', '{{.Names}}'])).toBe('cli1\nweb2\n');
  });
});
