// dockerode (a third-party Engine API client) against `dockersim daemon`: list networks, create a
// service, exec a command in a container and read its output.
import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
import { PassThrough } from 'node:stream';
import Docker from 'dockerode';
import { startDaemon } from './parity/api-client';

jest.setTimeout(30_000);

let d: Awaited<ReturnType<typeof startDaemon>>;
let docker: Docker;

beforeAll(async () => {
  d = await startDaemon();
  docker = new Docker({ socketPath: d.daemon.socketPath('docker') });
  await docker.swarmInit({ ListenAddr: '0.0.0.0:2377', AdvertiseAddr: '192.168.1.221' });
});

afterAll(async () => {
  await d.cleanup();
});

/** Reads an exec/attach stream to its end, split into stdout and stderr. */
function collect(stream: NodeJS.ReadableStream): Promise<{ stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => (stdout += c));
  err.on('data', (c) => (stderr += c));
  docker.modem.demuxStream(stream, out, err);
  return new Promise((resolve, reject) => {
    stream.on('end', () => resolve({ stdout, stderr }));
    stream.on('close', () => resolve({ stdout, stderr }));
    stream.on('error', reject);
  });
}

test('lists the networks of a fresh swarm manager', async () => {
  const nets = await docker.listNetworks();
  expect(nets.map((n) => `${n.Name} ${n.Driver} ${n.Scope}`).sort()).toEqual(['bridge bridge local', 'docker_gwbridge bridge local', 'host host local', 'ingress overlay swarm', 'none null local']);
  const created = await docker.createNetwork({ Name: 'appnet', Driver: 'overlay', Attachable: true });
  expect(created.id).toMatch(/^[0-9a-z]{25}$/);
  const only = await docker.listNetworks({ filters: { name: ['appnet'] } });
  expect(only.map((n) => n.Name)).toEqual(['appnet']);
});

test('creates a service and sees its tasks running', async () => {
  const svc = await docker.createService({
    Name: 'web',
    TaskTemplate: { ContainerSpec: { Image: 'nginx' }, Networks: [{ Target: 'appnet' }] },
    Mode: { Replicated: { Replicas: 2 } },
    EndpointSpec: { Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080 }] },
  });
  const id = (svc as unknown as { id: string }).id;
  expect(id).toMatch(/^[0-9a-z]{25}$/);
  const info = await docker.getService(id).inspect();
  expect(info.Spec.Name).toBe('web');
  expect(info.Endpoint.Ports).toEqual([expect.objectContaining({ TargetPort: 80, PublishedPort: 8080 })]);
  const tasks = await docker.listTasks({ filters: { service: ['web'] } });
  expect(tasks.map((t: { Slot: number; Status: { State: string } }) => `${t.Slot} ${t.Status.State}`).sort()).toEqual(['1 running', '2 running']);
  const services = await docker.listServices();
  expect(services.map((s) => s.Spec?.Name)).toEqual(['web']);
});

test('runs a command in a container and reads its output (hijacked and plain)', async () => {
  const pull = await docker.pull('busybox:latest');
  const events: Array<{ status: string }> = await new Promise((resolve, reject) => docker.modem.followProgress(pull, (err: Error | null, res: Array<{ status: string }>) => (err ? reject(err) : resolve(res))));
  expect(events[events.length - 1].status).toBe('Status: Downloaded newer image for busybox:latest');
  const ctr = await docker.createContainer({ Image: 'busybox', name: 'probe', Cmd: ['sleep', '3600'], HostConfig: { NetworkMode: 'appnet' } });
  await ctr.start();
  const exec = await ctr.exec({ Cmd: ['sh', '-c', 'echo hello from $(hostname); echo oops >&2; exit 2'], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out = await collect(stream);
  expect(out).toEqual({ stdout: `hello from ${ctr.id.slice(0, 12)}\n`, stderr: 'oops\n' });
  const status = await exec.inspect();
  expect(status.ExitCode).toBe(2);
  expect(status.Running).toBe(false);
  // Without the upgrade dockerode reads the frames as the response body.
  const exec2 = await ctr.exec({ Cmd: ['cat', '/etc/hostname'], AttachStdout: true, AttachStderr: true });
  const plain = await collect(await exec2.start({}));
  expect(plain.stdout).toBe(`${ctr.id.slice(0, 12)}\n`);
  const list = await docker.listContainers({ filters: { name: ['probe'] } });
  expect(list.map((c) => `${c.Names[0]} ${c.State}`)).toEqual(['/probe running']);
});
