// docker stack deploy|ls|services|ps|rm, as docker 28.2's swarm implementation prints them
// (cli/command/stack/swarm: deploy_composefile.go, remove.go, list.go; cli/compose/convert).
import { describe, it, expect } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { Sim } from './helpers';

const COMPOSE = `services:
  web:
    image: nginx
    ports:
      - "8080:80"
    deploy:
      replicas: 2
    networks:
      - front
  redis:
    image: redis
    environment:
      B: "2"
      A: "1"
    networks:
      front:
        aliases: [cache]
      back: {}
  viz:
    image: dockersamples/visualizer
    ports:
      - target: 8080
        published: 8081
    deploy:
      placement:
        constraints: [node.role == manager]
networks:
  front:
    attachable: true
  back:
`;

const DETACH_WARNING = 'Since --detach=false was not specified, tasks will be created in the background.\nIn a future release, --detach=false will become the default.\n';

async function deployed(): Promise<{ sim: Sim; file: string }> {
  const sim = new Sim();
  await sim.threeNodeSwarm();
  const file = path.join(sim.home, 'docker-compose.yml');
  fs.writeFileSync(file, COMPOSE);
  return { sim, file };
}

describe('docker stack', () => {
  it('deploy creates <stack>_<network> overlays and <stack>_<service> services, labelled with the stack', async () => {
    const { sim, file } = await deployed();
    const r = await sim.run(['stack', 'deploy', '-c', file, 'app']);
    expect(r).toEqual({
      code: 0,
      stdout: 'Creating network app_back\nCreating network app_default\nCreating network app_front\nCreating service app_redis\nCreating service app_viz\nCreating service app_web\n',
      stderr: DETACH_WARNING,
    });
    const [front] = JSON.parse(await sim.ok('network inspect app_front'));
    expect([front.Driver, front.Scope, front.Attachable, front.Labels]).toEqual(['overlay', 'swarm', true, { 'com.docker.stack.namespace': 'app' }]);
    const [redis] = JSON.parse(await sim.ok('service inspect app_redis'));
    expect(redis.Spec.Labels).toEqual({ 'com.docker.stack.image': 'redis', 'com.docker.stack.namespace': 'app' });
    expect(redis.Spec.TaskTemplate.ContainerSpec.Labels).toEqual({ 'com.docker.stack.namespace': 'app' });
    expect(redis.Spec.TaskTemplate.ContainerSpec.Env).toEqual(['A=1', 'B=2']);
    const ids = Object.fromEntries(JSON.parse(await sim.ok('network inspect app_back app_front')).map((n: { Name: string; Id: string }) => [n.Name, n.Id]));
    // the service's own name is an alias on every network; sorted by the names the CLI sends
    expect(redis.Spec.TaskTemplate.Networks).toEqual([
      { Target: ids.app_back, Aliases: ['redis'] },
      { Target: ids.app_front, Aliases: ['cache', 'redis'] },
    ]);
    expect(await sim.ok('stack ls')).toBe('NAME      SERVICES\napp       3\n');
    const services = (await sim.ok('stack services app')).split('\n');
    expect(services[0]).toMatch(/^ID +NAME +MODE +REPLICAS +IMAGE +PORTS$/);
    expect(services.slice(1, 4).map((l) => l.split(/\s+/).slice(1, 5).join(' '))).toEqual([
      'app_redis replicated 1/1 redis:latest',
      'app_viz replicated 1/1 dockersamples/visualizer:latest',
      'app_web replicated 2/2 nginx:latest',
    ]);
    expect(services[2]).toMatch(/\*:8081->8080\/tcp$/);
    const ps = await sim.ok(['stack', 'ps', 'app', '--format', '{{.Name}} {{.Node}}']);
    expect(ps.split('\n').filter(Boolean).map((l) => l.split(' ')[0]).sort()).toEqual(['app_redis.1', 'app_viz.1', 'app_web.1', 'app_web.2']);
    expect(ps).toContain('app_viz.1 docker\n');
  });

  it('a second deploy updates; rm removes services then networks; an unknown stack has nothing', async () => {
    const { sim, file } = await deployed();
    await sim.ok(['stack', 'deploy', '-c', file, 'app']);
    const ids = Object.fromEntries(JSON.parse(await sim.ok('service inspect app_redis app_viz app_web')).map((s: { Spec: { Name: string }; ID: string }) => [s.Spec.Name, s.ID]));
    expect(await sim.ok(['stack', 'up', '-c', file, '--detach=true', 'app'])).toBe(
      `Updating service app_redis (id: ${ids.app_redis})\nUpdating service app_viz (id: ${ids.app_viz})\nUpdating service app_web (id: ${ids.app_web})\n`,
    );
    expect(await sim.run('stack rm app')).toEqual({
      code: 0,
      stdout: 'Removing service app_redis\nRemoving service app_viz\nRemoving service app_web\nRemoving network app_back\nRemoving network app_default\nRemoving network app_front\n',
      stderr: '',
    });
    expect(await sim.run('stack rm app')).toEqual({ code: 0, stdout: '', stderr: 'Nothing found in stack: app\n' });
    expect(await sim.run('stack services app')).toEqual({ code: 0, stdout: '', stderr: 'Nothing found in stack: app\n' });
    expect(await sim.run('stack ps app')).toEqual({ code: 1, stdout: '', stderr: 'nothing found in stack: app\n' });
    expect(await sim.ok('stack ls')).toBe('NAME      SERVICES\n');
  });

  it('errors: no compose file, an external network that is missing, not a manager', async () => {
    const { sim, file } = await deployed();
    expect(await sim.run('stack deploy app')).toEqual({ code: 1, stdout: '', stderr: 'Specify a Compose file (with --compose-file)\n' });
    const ext = path.join(sim.home, 'ext.yml');
    fs.writeFileSync(ext, 'services:\n  web:\n    image: nginx\n    networks: [outside]\nnetworks:\n  outside:\n    external: true\n');
    expect((await sim.run(['stack', 'deploy', '-c', ext, 'app'])).stderr).toBe(
      DETACH_WARNING + 'network "outside" is declared as external, but could not be found. You need to create a swarm-scoped network before the stack is deployed\n',
    );
    await sim.ok('network create -d overlay outside');
    expect((await sim.ok(['stack', 'deploy', '-c', ext, 'app']))).toBe('Creating service app_web\n');
    expect((await sim.run(['-c', 'worker01', 'stack', 'deploy', '-c', file, 'app'])).stderr).toBe(
      DETACH_WARNING + 'this node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again\n',
    );
  });

  it('--detach=false waits for each service to converge, as service create shows it, without the warning', async () => {
    const { sim, file } = await deployed();
    const r = await sim.run(['stack', 'deploy', '--detach=false', '-c', file, 'app']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const ids = JSON.parse(await sim.ok('service inspect app_redis app_viz app_web')).map((x: { ID: string }) => x.ID);
    for (const id of ids) expect(r.stdout).toContain(`verify: Service ${id} converged\n`);
    expect(r.stdout).toContain('overall progress: 2 out of 2 tasks\n');
  });
});

describe('docker stack deploy reads the Compose keys as docker\'s loader does (cli/compose/types)', () => {
  it('refuses forbidden keys, warns about unsupported and deprecated ones', async () => {
    const sim = new Sim();
    await sim.threeNodeSwarm();
    const bad = path.join(sim.home, 'bad.yml');
    fs.writeFileSync(bad, 'services:\n  web:\n    image: nginx\n    mem_limit: 1g\n    extends: base\n');
    expect(await sim.run(['stack', 'deploy', '-c', bad, 'app'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Compose file contains unsupported options:\n\nextends: Support for `extends` is not implemented yet.\n\nmem_limit: Set resource limits using deploy.resources\n\n',
    });
    const warn = path.join(sim.home, 'warn.yml');
    fs.writeFileSync(warn, 'services:\n  web:\n    image: nginx\n    build: .\n    restart: always\n    container_name: web\n');
    const r = await sim.run(['stack', 'deploy', '-c', warn, 'app']);
    expect(r.stderr).toBe(
      'Ignoring unsupported options: build, restart\n\nIgnoring deprecated options:\n\ncontainer_name: Setting the container name is not supported.\n\n' + DETACH_WARNING,
    );
    expect(r.stdout).toBe('Creating network app_default\nCreating service app_web\n');
  });
});
