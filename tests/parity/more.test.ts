// Parity, second session: images, attached runs, logs, service update/rollback, node update,
// prune and leave — dockersim's CLI against the real docker 28.2.2 CLI through the daemon.
import { expect, jest, test } from '@jest/globals';
import { paritySession, compareSteps, serverPart, step, runDocker, DOCKER_BIN } from './harness';
import { Terminal } from '../helpers';

jest.setTimeout(30_000);

const need = paritySession('7');

test('images: pull, ls, inspect, rmi', async () => {
  const { diffs } = await compareSteps(need(), [
    step('pull busybox'),
    step('pull busybox:latest'),
    step('pull nosuchimage'),
    step('pull alpine:nosuchtag'),
    step('images'),
    step(['images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}']),
    step('image inspect busybox'),
    step(['image', 'inspect', '--format', '{{.Id}} {{.Os}}/{{.Architecture}}', 'busybox']),
    step('image inspect nope'),
    step('rmi nope'),
  ]);
  expect(diffs).toEqual([]);
});

test('attached runs: output, exit codes, --rm, logs', async () => {
  const { diffs } = await compareSteps(need(), [
    step('run --rm busybox echo hi'),
    step(['run', 'busybox', 'sh', '-c', 'echo a; echo b >&2; exit 5']),
    step('run --name once busybox hostname'),
    step('run -i --rm busybox cat', { input: 'piped\n' }),
    step('run busybox nosuch'),
    step('container ls -a'),
    step('logs once'),
    step('logs nope'),
    step('run -d --name d1 busybox echo hi'),
    step(['run', '-d', '--name', 'd2', 'busybox', 'sh', '-c', 'echo out; echo err >&2; exit 3']),
    step('run -dit --name d3 busybox sh'),
    step('container ls -a'),
    step('logs d1'),
    step('logs d2'),
    step('start d1'),
    step('logs --tail 1 d1'),
    step('rm -f d1 d2 d3'),
    step('run -d --name pp1 -p 4321:7890 busybox sleep 1000'),
    step('port pp1'),
    step('port pp1 7890'),
    step('port pp1 7890/udp'),
    step('pause pp1'),
    step('container ls'),
    step('exec pp1 ls'),
    step('pause pp1'),
    step('unpause pp1'),
    step('unpause pp1'),
    step('rename pp1 pp2'),
    step('rename pp2 pp2'),
    step('rename nope pp3'),
    step('container ls'),
    step('rm -f pp2'),
    step('rm once'),
    step('rmi busybox'),
    step('images'),
  ]);
  expect(diffs).toEqual([]);
});

test('service update, rollback, logs; node update', async () => {
  const { diffs } = await compareSteps(need(), [
    step('swarm init'),
    step('service create -d --name w2 --replicas 3 nginx'),
    step('service update -d --image nginx:alpine w2'),
    step('service ps w2'),
    step('service update -d --replicas 1 w2'),
    step('service rollback -d w2'),
    step('service ps w2'),
    step('service inspect --pretty w2'),
    step('service logs w2'),
    step('service logs --no-task-ids w2'),
    step('service logs nope'),
    step('service create -d --name unk nosuchimage'),
    step('service create -d --name lbl --label a=b --env X=1 --constraint node.role==manager --mode global busybox sleep 10'),
    step('service inspect lbl'),
    step('service inspect --pretty lbl'),
    step('node update --label-add foo=bar --availability drain self'),
    step('node inspect self'),
    step('node ls'),
    step('service ps lbl'),
    step('node update --availability active self'),
    step('node update --label-rm nope self'),
  ]);
  expect(diffs).toEqual([]);
});

test('published ports and networks through service update; pull -q; exec -t', async () => {
  const steps = [
    step('network create -d overlay o1'),
    step('network create -d overlay o2'),
    step('network create br5'),
    step(['service', 'create', '-d', '--name', 'pp', '-p', '8000-8001:80', '-p', 'published=7000,target=53,protocol=udp', 'nginx']),
    step(['service', 'inspect', '--format', '{{json .Spec.EndpointSpec.Ports}} {{json .Endpoint.Ports}}', 'pp']),
    step('service update -d --publish-rm 80 --publish-add 9300:8080 pp'),
    step(['service', 'inspect', '--format', '{{json .Spec.EndpointSpec.Ports}}', 'pp']),
    step('service update -d --network-add o1 pp'),
    step('service update -d --network-add o1 pp'),
    step('service update -d --network-add br5 pp'),
    step('service update -d --network-rm o1 --network-add o2 pp'),
    step(['service', 'inspect', '--format', '{{json .Spec.TaskTemplate.Networks}}', 'pp']),
    step('service create -d --name bad --network br5 nginx'),
    step('service create -d --name bad --network bridge nginx'),
    step('service rm pp'),
    step(['service', 'inspect', '--format', '{{json .Spec.TaskTemplate.Networks}}', 'pp']),
    step(['network', 'inspect', '--format', '{{.Name}}', 'nope', 'o1']),
    step(['node', 'inspect', '--format', '{{.ID}}', 'nope']),
    step(['node', 'inspect', '--format', 'json', 'self']),
    step(['node', 'inspect', '--pretty', 'nope']),
    step(['service', 'inspect', '--pretty', 'nope']),
    step(['network', 'inspect', '--format', 'json', 'o1', 'o2']),
    step(['service', 'inspect', '--format', 'json', 'nope']),
    step(['inspect', '--format', '{{.Id}}', 'nope']),
    step(['container', 'inspect', '--format', 'json', 'nope']),
    step(['image', 'inspect', '--format', '{{.Id}}', 'nope']),
    step('pull -q busybox'),
    step('run -d --name tt busybox sleep 1000'),
    step(['exec', '-t', 'tt', 'sh', '-c', 'echo out; echo err >&2; exit 3']),
    step('rm -f tt'),
  ];
  const { diffs, results } = await compareSteps(need(), steps);
  expect(diffs).toEqual([]);
  // the n-th run of a command line, as the real client printed it
  const real = (line: string, nth = 0) => results.filter((_r, i) => steps[i].argv.join(' ') === line)[nth].real;
  // what the real client printed (the daemon's answers are dockersim's, the printing docker's)
  expect(real('service inspect --format {{json .Spec.EndpointSpec.Ports}} {{json .Endpoint.Ports}} pp').stdout).toBe(
    '[{"Protocol":"tcp","TargetPort":80,"PublishedPort":8000,"PublishMode":"ingress"},{"Protocol":"tcp","TargetPort":80,"PublishedPort":8001,"PublishMode":"ingress"},{"Protocol":"udp","TargetPort":53,"PublishedPort":7000,"PublishMode":"ingress"}] ' +
      '[{"Protocol":"tcp","TargetPort":80,"PublishedPort":8000,"PublishMode":"ingress"},{"Protocol":"tcp","TargetPort":80,"PublishedPort":8001,"PublishMode":"ingress"},{"Protocol":"udp","TargetPort":53,"PublishedPort":7000,"PublishMode":"ingress"}]\n',
  );
  expect(real('service inspect --format {{json .Spec.EndpointSpec.Ports}} pp').stdout).toBe('[{"Protocol":"udp","TargetPort":53,"PublishedPort":7000,"PublishMode":"ingress"},{"Protocol":"tcp","TargetPort":8080,"PublishedPort":9300,"PublishMode":"ingress"}]\n');
  expect(real('service update -d --network-add o1 pp', 1)).toEqual({ code: 1, stdout: '', stderr: 'service is already attached to network o1\n' });
  expect(real('service update -d --network-add br5 pp')).toEqual({ code: 1, stdout: '', stderr: 'Error response from daemon: network br5 not found\n' });
  expect(real('service create -d --name bad --network br5 nginx')).toEqual({ code: 1, stdout: '', stderr: 'Error response from daemon: network br5 not found\n' });
  // swarmkit's predefined bridge is found in swarm scope; the daemon refuses it at create (docker-cli-output.md)
  expect(real('service create -d --name bad --network bridge nginx').stderr).toBe('Error response from daemon: The network bridge cannot be used with services. Only networks scoped to the swarm can be used, such as those created with the overlay driver.\n');
  expect(real('pull -q busybox').stdout).toBe('docker.io/library/busybox:latest\n');
  expect(real('exec -t tt sh -c echo out; echo err >&2; exit 3')).toEqual({ code: 3, stdout: 'out\r\nerr\r\n', stderr: '' });
});

test('network prune, join tokens, swarm leave', async () => {
  const { diffs } = await compareSteps(need(), [
    step('network create -d overlay --subnet 10.20.0.0/24 --label x=y n3'),
    step('network create n4'),
    step('network inspect n3'),
    step('network prune -f'),
    step('network ls'),
    step('swarm join-token manager'),
    step('swarm join-token --rotate -q worker'),
    step('swarm leave'),
    step('swarm leave --force'),
    step('swarm leave'),
    step('node ls'),
    step('service ls'),
    step('network ls'),
    step('info', { part: serverPart }),
  ]);
  expect(diffs).toEqual([]);
});

test('docker exec -it sh under a terminal (tmux): an interactive shell through the daemon', async () => {
  // last but one in the file: only the real client's side goes on from here
  const ses = need();
  const { diffs, results } = await compareSteps(ses, [step('run -d --name itt busybox sleep 1000')]);
  expect(diffs).toEqual([]);
  const id = results[0].real.stdout.trim().slice(0, 12);
  const term = new Terminal(`${DOCKER_BIN} exec -it itt sh; echo "exit code $?"`, ses.dockerEnv(), 100, 20);
  try {
    expect(await term.waitFor(/^\/ # *$/m)).toMatch(/^\/ # *$/m);
    term.keys('hostname', 'Enter');
    expect(await term.waitFor(new RegExp(`^${id}$`, 'm'))).toMatch(new RegExp(`^/ # hostname *\n${id} *\n/ # *$`, 'm'));
    term.keys('exit 4', 'Enter');
    expect(await term.waitFor(/exit code/)).toMatch(/^exit code 4$/m);
  } finally {
    term.close();
  }
});

test('docker attach under a terminal: joins the shell of run -dit; Ctrl-P Ctrl-Q detaches, it runs on', async () => {
  const ses = need();
  const run = await runDocker(['run', '-dit', '--name', 'att', 'busybox', 'sh'], ses.dockerEnv());
  expect(run.code).toBe(0);
  const id = run.stdout.trim().slice(0, 12);
  const term = new Terminal(`${DOCKER_BIN} attach att; echo "rc=$?"`, ses.dockerEnv(), 100, 20);
  try {
    expect(await term.waitFor(/^\/ # *$/m)).toMatch(/^\/ # *$/m);
    term.keys('hostname', 'Enter');
    expect(await term.waitFor(new RegExp(`^${id}`, 'm'))).toMatch(new RegExp(`^/ # hostname *\n${id} *\n/ # *$`, 'm'));
    term.keys('C-p', 'C-q');
    expect(await term.waitFor(/rc=/)).toMatch(/^\/ # read escape sequence\s*\nrc=1$/m);
    expect((await runDocker(['inspect', '-f', '{{.State.Status}}', 'att'], ses.dockerEnv())).stdout).toBe('running\n');
  } finally {
    term.close();
  }
});
