// Parity: dockersim's CLI and the real docker 28.2.2 CLI (through `dockersim daemon`) run the same
// session from the same seed in two fresh homes; stdout, stderr and exit codes must be identical
// byte for byte. The expected side is always the real docker client's own printing.
import { expect, jest, test } from '@jest/globals';
import { paritySession, compareSteps, dockerProblem, serverPart, step, runDocker, DOCKER_BIN, DOCKER_VERSION_LINE } from './harness';

jest.setTimeout(30_000);

const need = paritySession('1');

test('the real docker CLI is installed (docker 28.2.2)', async () => {
  const problem = dockerProblem();
  if (problem) throw new Error(problem);
  const r = await runDocker(['--version'], { PATH: process.env.PATH });
  expect(`${DOCKER_BIN}: ${r.stdout.trim()}`).toBe(`${DOCKER_BIN}: ${DOCKER_VERSION_LINE}`);
});

test('info, swarm init, networks (incl. errors)', async () => {
  const { diffs } = await compareSteps(need(), [
    step('info', { part: serverPart }),
    step('node ls'),
    step('service ls'),
    step('swarm init --advertise-addr 192.168.1.221'),
    step('swarm init --advertise-addr 192.168.1.221'),
    step('info', { part: serverPart }),
    step('version', { part: serverPart }),
    step('network ls'),
    step('network create -d overlay --attachable test01'),
    step('network create -d overlay test02'),
    step('network create test01'),
    step('network create -d bridge --subnet 10.10.0.0/24 localnet'),
    step('network create -d overlay --subnet 10.10.0.0/24 clash'),
    step('network create -d nosuch x'),
    step('network ls'),
    step(['network', 'ls', '--format', '{{.Name}}\t{{.Driver}}\t{{.Scope}}']),
    step(['network', 'ls', '--format', 'table {{.ID}}\t{{.Name}}\t{{.Internal}}\t{{.Labels}}']),
    step('network ls --filter driver=overlay'),
    step('network ls -q --no-trunc --filter name=test'),
    step('network ls --filter nosuch=1'),
    step('network inspect test01'),
    step('network inspect localnet ingress'),
    step(['network', 'inspect', '--format', '{{.Name}} {{.Driver}} {{.Scope}} {{.Attachable}} {{json .IPAM.Config}}', 'test01', 'test02']),
    step('network inspect nope'),
    step('network inspect test01 nope'),
    step('network rm localnet nope'),
    step('network rm nope'),
    step('network rm bridge'),
  ]);
  expect(diffs).toEqual([]);
});

test('services and nodes', async () => {
  const { diffs } = await compareSteps(need(), [
    step('service create -d --name web --replicas 2 -p 9000:80 nginx'),
    step('service create -d --name web nginx'),
    step('service create -d --name db --network test01 redis'),
    step('service create -d --name bad --network test02 --network test02 redis'),
    step('service create -d --name nonet --network nope redis'),
    step('service create -d --name clash -p 9000:80 nginx'),
    step('network create -d bridge br2'),
    step('service create -d --name local --network br2 redis'),
    step('network rm br2'),
    step('service ls'),
    step(['service', 'ls', '--format', '{{.Name}} {{.Mode}} {{.Replicas}} {{.Image}} {{.Ports}}']),
    step('service ls --filter name=we'),
    step('service ls -q'),
    step('service ps web'),
    step('service ps db web'),
    step(['service', 'ps', '--format', '{{.Name}} {{.Image}} {{.Node}} {{.DesiredState}}', 'web']),
    step('service ps nope'),
    step('service inspect web'),
    step('service inspect db'),
    step('service inspect --pretty web'),
    step('service inspect --pretty db'),
    step(['service', 'inspect', '--format', '{{.Spec.Name}} {{.Spec.Mode.Replicated.Replicas}} {{json .Endpoint.Ports}}', 'web', 'db']),
    step('service inspect nope'),
    step('service inspect --pretty nope'),
    step('service scale -d web=3'),
    step('service scale -d nope=2'),
    step('service scale -d web=x'),
    step('service ps web'),
    step('service ls'),
    step('node ls'),
    step('node inspect --pretty self'),
    step(['node', 'inspect', '--format', '{{.Description.Hostname}} {{.Status.State}} {{.Spec.Role}} {{.ManagerStatus.Leader}}', 'self']),
    step('node inspect self'),
    step('node inspect nope'),
  ]);
  expect(diffs).toEqual([]);
});

test('a second machine joins through its docker context', async () => {
  const ses = need();
  await ses.both(['machine', 'create', 'worker01', '--ip', '192.168.1.222']);
  const token = await compareSteps(ses, [step('swarm join-token -q worker'), step('swarm join-token worker')]);
  expect(token.diffs).toEqual([]);
  const tok = token.results[0].sim.stdout.trim();
  const { diffs } = await compareSteps(ses, [
    step('info', { context: 'worker01', part: serverPart }),
    step(['swarm', 'join', '--token', 'SWMTKN-1-bad', '192.168.1.221:2377'], { context: 'worker01' }),
    step(['swarm', 'join', '--token', tok, '192.168.1.221:2377'], { context: 'worker01' }),
    step('info', { context: 'worker01', part: serverPart }),
    step('node ls', { context: 'worker01' }),
    step('service ls', { context: 'worker01' }),
    step('node ls'),
    step('service ps web'),
    step('node inspect --pretty worker01'),
    step('network ls', { context: 'worker01' }),
  ]);
  expect(diffs).toEqual([]);
});

test('containers: run -d, ls -a, inspect, exec (no TTY), errors', async () => {
  const ses = need();
  const first = await compareSteps(ses, [step('container run -d --network test01 --name c1 busybox sleep 3600')]);
  expect(first.diffs).toEqual([]);
  const id = first.results[0].sim.stdout.trim();
  expect(id).toMatch(/^[0-9a-f]{64}$/);
  const { diffs } = await compareSteps(ses, [
    step('container run -d --network test02 busybox sleep 3600'),
    step('container run -d --network nope busybox sleep 3600'),
    step('container run -d --name c1 busybox sleep 3600'),
    step('container run -d nosuchimage'),
    step('container ls'),
    step('container ls -a'),
    step(['container', 'ls', '-a', '--format', '{{.Names}}\t{{.Image}}\t{{.Status}}\t{{.Networks}}']),
    step('container ls -q'),
    step(`container inspect ${id}`),
    step(['container', 'inspect', '--format', '{{.Name}} {{.State.Status}} {{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{end}}', 'c1']),
    step('container inspect nope'),
    step(`container exec ${id} hostname`),
    step('container exec c1 cat /etc/hosts'),
    step('container exec c1 ip addr'),
    step(['container', 'exec', 'c1', 'sh', '-c', 'echo out; echo err >&2; exit 3']),
    step('container exec c1 nosuch'),
    step('container exec c1 ping -c 1 10.0.1.1'),
    step(['container', 'exec', 'c1', 'sh', '-c', 'echo persisted > /tmp/x']),
    step('container exec c1 cat /tmp/x'),
    step('container exec -i c1 cat', { input: 'from stdin\n' }),
    step('container exec -it c1 sh'),
    step('container exec -t c1 ls /'),
    step('container exec nope ls'),
    step('image ls'),
    step('info', { part: serverPart }),
  ]);
  expect(diffs).toEqual([]);
});

test('removal and cleanup', async () => {
  const { diffs } = await compareSteps(need(), [
    step('network rm test01'),
    step('service rm web db nope'),
    step('container stop c1'),
    step('container ls -a'),
    step('container rm c1'),
    step('container rm c1'),
    step('network rm test01 test02'),
    step('service ls'),
    step('network ls'),
  ]);
  expect(diffs).toEqual([]);
});
