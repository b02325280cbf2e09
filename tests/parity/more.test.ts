// Parity, second session: images, attached runs, logs, service update/rollback, node update,
// prune and leave — dockersim's CLI against the real docker 28.2.2 CLI through the daemon.
import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
import { ParitySession, compareSteps, dockerProblem, serverPart, step, runDocker } from './harness';
import { KNOWN } from './known';

jest.setTimeout(30_000);

const problem = dockerProblem();
let s: ParitySession;

beforeAll(async () => {
  if (problem) return;
  s = new ParitySession('7');
  await s.start();
});

afterAll(async () => {
  if (s) await s.stop();
});

function need(): ParitySession {
  if (problem) throw new Error(problem);
  return s;
}


test('images: pull, ls, inspect, rmi', async () => {
  const { diffs } = await compareSteps(need(), [
    step('pull busybox'),
    step('pull busybox:latest'),
    step('pull nosuchimage', { known: KNOWN.pullDefaultTag }),
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

test('network prune, join tokens, swarm leave', async () => {
  const { diffs } = await compareSteps(need(), [
    step('network create -d overlay --subnet 10.20.0.0/24 --label x=y n3'),
    step('network create n4'),
    step('network inspect n3'),
    step('network prune -f', { known: KNOWN.pruneBlankLine }),
    step('network ls'),
    step('swarm join-token manager'),
    step('swarm join-token --rotate -q worker'),
    step('swarm leave'),
    step('swarm leave --force'),
    step('swarm leave'),
    step('node ls'),
    step('service ls'),
    step('network ls'),
    step('info', { part: serverPart, known: KNOWN.infoCounts }),
  ]);
  expect(diffs).toEqual([]);
});

test('KNOWN: the real docker CLI prints as the notes say', async () => {
  const ses = need();
  const pull = await runDocker(['pull', 'nosuchimage'], ses.dockerEnv());
  expect(pull.code).toBe(1);
  expect(pull.stdout).toBe('Using default tag: latest\n');
  await runDocker(['network', 'create', 'n5'], ses.dockerEnv());
  const prune = await runDocker(['network', 'prune', '-f'], ses.dockerEnv());
  expect(prune.stdout).toBe('Deleted Networks:\nn5\n\n');
});
