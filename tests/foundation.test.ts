// Issue "dockersim foundation": each "What must be shown" point, with expectations from
// docker-cli-output.md / swarm-networking.md / the seed tutorial (cited per test).
import { describe, it, expect } from '@jest/globals';
import fs from 'node:fs';
import { Sim } from './helpers';

const ID12 = '[0-9a-f]{12}';
const SWARM_ID = /^[0-9a-z]{25}$/;

describe('1. network ls on a fresh engine', () => {
  it('prints the header and bridge/host/none in docker table format (§1.4)', async () => {
    const sim = new Sim();
    const out = await sim.ok('network ls');
    const lines = out.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('NETWORK ID     NAME      DRIVER    SCOPE');
    expect(lines[1]).toMatch(new RegExp(`^${ID12}   bridge    bridge    local$`));
    expect(lines[2]).toMatch(new RegExp(`^${ID12}   host      host      local$`));
    expect(lines[3]).toMatch(new RegExp(`^${ID12}   none      null      local$`));
    expect(lines[4]).toBe('');
  });

  it('--no-trunc shows 64-hex IDs and -q only IDs', async () => {
    const sim = new Sim();
    const full = await sim.ok('network ls --no-trunc');
    expect(full.split('\n')[1]).toMatch(/^[0-9a-f]{64}   bridge    bridge    local$/);
    const q = await sim.ok('network ls -q');
    expect(q).toMatch(new RegExp(`^(${ID12}\\n){3}$`));
  });

  it('a filter matching nothing prints only the header (§1.4)', async () => {
    const sim = new Sim();
    expect(await sim.ok('network ls --filter name=nomatch')).toBe('NETWORK ID   NAME      DRIVER    SCOPE\n');
  });
});

describe('2. swarm init, machines, join, node ls', () => {
  it('prints docker\'s init text (§8.4) and join lines', async () => {
    const sim = new Sim();
    const init = await sim.ok('swarm init --advertise-addr 192.168.1.221');
    expect(init).toMatch(
      /^Swarm initialized: current node \([0-9a-z]{25}\) is now a manager\.\n\nTo add a worker to this swarm, run the following command:\n\n {4}docker swarm join --token SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25} 192\.168\.1\.221:2377\n\nTo add a manager to this swarm, run 'docker swarm join-token manager' and follow the instructions\.\n$/,
    );
    await sim.ok('machine create worker01 --ip 192.168.1.222');
    await sim.ok('machine create worker02 --ip 192.168.1.223');
    const token = (await sim.ok('swarm join-token -q worker')).trim();
    expect(token).toMatch(/^SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}$/);
    expect(await sim.ok(['-c', 'worker01', 'swarm', 'join', '--token', token, '192.168.1.221:2377'])).toBe('This node joined a swarm as a worker.\n');
    expect(await sim.ok(['swarm', 'join', '--token', token, '192.168.1.221:2377'], { env: { DOCKER_CONTEXT: 'worker02' } })).toBe(
      'This node joined a swarm as a worker.\n',
    );
  });

  it('node ls lists three Ready/Active nodes, the manager Leader and marked " *" (§1.8)', async () => {
    const sim = new Sim();
    await sim.threeNodeSwarm();
    const lines = (await sim.ok('node ls')).split('\n');
    expect(lines[0]).toBe('ID                            HOSTNAME   STATUS    AVAILABILITY   MANAGER STATUS   ENGINE VERSION');
    expect(lines[1]).toMatch(/^[0-9a-z]{25} \* {3}docker {5}Ready {5}Active {9}Leader {11}28\.2\.2$/);
    expect(lines[2]).toMatch(/^[0-9a-z]{25} {5}worker01   Ready     Active {26}28\.2\.2$/);
    expect(lines[3]).toMatch(/^[0-9a-z]{25} {5}worker02   Ready     Active {26}28\.2\.2$/);
    expect(lines).toHaveLength(5);
  });

  it('join-token without -q prints the join command', async () => {
    const sim = new Sim();
    await sim.ok('swarm init');
    expect(await sim.ok('swarm join-token manager')).toMatch(
      /^To add a manager to this swarm, run the following command:\n\n {4}docker swarm join --token SWMTKN-1-\w{50}-\w{25} 192\.168\.1\.221:2377\n\n$/,
    );
  });
});

describe('3. overlay networks', () => {
  it('allocates 10.0.1.0/24 (VNI 4097) then 10.0.2.0/24 (VNI 4098), ingress 10.0.0.0/24 (4096)', async () => {
    const sim = new Sim();
    await sim.threeNodeSwarm();
    expect((await sim.ok('network create -d overlay test')).trim()).toMatch(SWARM_ID);
    expect((await sim.ok('network create -d overlay --attachable test01')).trim()).toMatch(SWARM_ID);
    const [test01] = JSON.parse(await sim.ok('network inspect test01'));
    expect(test01.IPAM.Config).toEqual([{ Subnet: '10.0.2.0/24', Gateway: '10.0.2.1' }]);
    expect(test01.Attachable).toBe(true);
    expect(test01.Scope).toBe('swarm');
    expect(test01.Options).toEqual({ 'com.docker.network.driver.overlay.vxlanid_list': '4098' });
    const [test] = JSON.parse(await sim.ok('network inspect test'));
    expect(test.IPAM.Config).toEqual([{ Subnet: '10.0.1.0/24', Gateway: '10.0.1.1' }]);
    expect(test.Options['com.docker.network.driver.overlay.vxlanid_list']).toBe('4097');
    const [ingress] = JSON.parse(await sim.ok('network inspect ingress'));
    expect(ingress.IPAM.Config).toEqual([{ Subnet: '10.0.0.0/24', Gateway: '10.0.0.1' }]);
    expect(ingress.Options['com.docker.network.driver.overlay.vxlanid_list']).toBe('4096');
    expect(ingress.Ingress).toBe(true);
  });

  it('the cluster view matches the seed\'s inspect of test01 under 26.1, field for field (seed, §2.2)', async () => {
    const sim = new Sim({ DOCKERSIM_ENGINE: '26.1' });
    await sim.threeNodeSwarm();
    await sim.ok('network create -d overlay test');
    const id = (await sim.ok('network create -d overlay --attachable test01')).trim();
    const text = await sim.ok('network inspect test01');
    const [net] = JSON.parse(text);
    // The seed's output with its ID and creation time replaced by ours.
    const seed = `[
    {
        "Name": "test01",
        "Id": "${id}",
        "Created": "${net.Created}",
        "Scope": "swarm",
        "Driver": "overlay",
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": null,
            "Config": [
                {
                    "Subnet": "10.0.2.0/24",
                    "Gateway": "10.0.2.1"
                }
            ]
        },
        "Internal": false,
        "Attachable": true,
        "Ingress": false,
        "ConfigFrom": {
            "Network": ""
        },
        "ConfigOnly": false,
        "Containers": null,
        "Options": {
            "com.docker.network.driver.overlay.vxlanid_list": "4098"
        },
        "Labels": null
    }
]
`;
    expect(text).toBe(seed);
    expect(net.Created).toMatch(/^2024-06-20T01:20:11\.\d+Z$/);
  });

  it('28.2 adds EnableIPv4 (false for cluster-store networks, §3.1)', async () => {
    const sim = new Sim();
    await sim.threeNodeSwarm();
    await sim.ok('network create -d overlay test');
    const text = await sim.ok('network inspect test');
    expect(text).toContain('"Driver": "overlay",\n        "EnableIPv4": false,\n        "EnableIPv6": false,');
  });
});

describe('4. network ls per machine', () => {
  it('managers list every swarm network, workers only instantiated ones; swarm IDs shared, local IDs differ', async () => {
    const sim = new Sim();
    await sim.threeNodeSwarm();
    await sim.ok('network create -d overlay test');
    await sim.ok('network create -d overlay --attachable test01');
    const names = (out: string) => out.trim().split('\n').slice(1).map((l) => l.split(/ {3,}/)[1]);
    const mgr = await sim.ok('network ls');
    expect(names(mgr)).toEqual(['bridge', 'docker_gwbridge', 'host', 'ingress', 'none', 'test', 'test01']);
    const w1 = await sim.ok('-c worker01 network ls');
    expect(names(w1)).toEqual(['bridge', 'docker_gwbridge', 'host', 'ingress', 'none']);
    const idOf = (out: string, name: string) => out.split('\n').find((l) => l.split(/ {3,}/)[1] === name)!.split(' ')[0];
    const w2 = await sim.ok('-c worker02 network ls');
    expect(idOf(mgr, 'ingress')).toMatch(/^[0-9a-z]{12}$/);
    expect(idOf(w1, 'ingress')).toBe(idOf(mgr, 'ingress'));
    expect(idOf(w2, 'ingress')).toBe(idOf(mgr, 'ingress'));
    expect(new Set([idOf(mgr, 'bridge'), idOf(w1, 'bridge'), idOf(w2, 'bridge')]).size).toBe(3);
    expect(mgr.split('\n').find((l) => l.includes(' test '))).toMatch(/^[0-9a-z]{12}   test              overlay   swarm$/);
  });

  it('sorts names naturally (net2 before net10, §1.4)', async () => {
    const sim = new Sim();
    await sim.ok('network create net10');
    await sim.ok('network create net2');
    const names = (await sim.ok('network ls --format {{.Name}}')).trim().split('\n');
    expect(names).toEqual(['bridge', 'host', 'net2', 'net10', 'none']);
  });
});

describe('5. docker_gwbridge', () => {
  it('takes 172.18.0.0/16 with the seed\'s three options; the ingress sandbox is .2 (§1.5)', async () => {
    const sim = new Sim({ DOCKERSIM_ENGINE: '26.1' });
    await sim.threeNodeSwarm();
    const [gw] = JSON.parse(await sim.ok('-c worker01 network inspect docker_gwbridge'));
    expect(gw.IPAM.Config).toEqual([{ Subnet: '172.18.0.0/16', Gateway: '172.18.0.1' }]);
    expect(gw.Options).toEqual({
      'com.docker.network.bridge.enable_icc': 'false',
      'com.docker.network.bridge.enable_ip_masquerade': 'true',
      'com.docker.network.bridge.name': 'docker_gwbridge',
    });
    expect(gw.Containers['ingress-sbox']).toMatchObject({ Name: 'gateway_ingress-sbox', MacAddress: '02:42:ac:12:00:02', IPv4Address: '172.18.0.2/16', IPv6Address: '' });
    expect(gw.Labels).toEqual({});
  });
});

describe('6. errors leave the state as it was', () => {
  async function unchanged(sim: Sim, argv: string | string[], expected: { code: number; stderr: string; stdout?: string }) {
    const before = sim.stateBytes();
    const r = await sim.run(argv);
    expect(r.stderr).toBe(expected.stderr);
    expect(r.code).toBe(expected.code);
    expect(r.stdout).toBe(expected.stdout ?? '');
    expect(sim.stateBytes().equals(before)).toBe(true);
  }

  it('duplicate name, not found, bridge overlap, unknown flag (§5.2, §5.3, swarm-networking §1.6)', async () => {
    const sim = new Sim();
    await sim.threeNodeSwarm();
    await sim.ok('network create -d overlay test');
    await unchanged(sim, 'network create -d overlay test', { code: 1, stderr: 'Error response from daemon: network with name test already exists\n' });
    await unchanged(sim, 'network inspect nosuch', { code: 1, stdout: '[]\n', stderr: 'Error response from daemon: network nosuch not found\n' });
    await unchanged(sim, 'network create --subnet 172.17.5.0/24 mybr', {
      code: 1,
      stderr: 'Error response from daemon: invalid pool request: Pool overlaps with other one on this address space\n',
    });
    await unchanged(sim, 'network create --bogus', {
      code: 125,
      stderr: "unknown flag: --bogus\n\nUsage:  docker network create [OPTIONS] NETWORK\n\nRun 'docker network create --help' for more information\n",
    });
    await unchanged(sim, '-c worker01 network create -d overlay x', {
      code: 1,
      stderr:
        'Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.\n',
    });
    await unchanged(sim, 'network create --subnet 10.0.9.1/24 bad', {
      code: 1,
      stderr: 'Error response from daemon: invalid network config:\ninvalid subnet 10.0.9.1/24: it should be 10.0.9.0/24\n',
    });
    await unchanged(sim, 'network rm bridge', { code: 1, stderr: 'Error response from daemon: bridge is a pre-defined network and cannot be removed\nexit status 1\n' });
  });

  it('an overlay overlapping another overlay is accepted, then shows the failed-allocation state (§1.6)', async () => {
    const sim = new Sim();
    await sim.threeNodeSwarm();
    await sim.ok('network create -d overlay test');
    const id = (await sim.ok('network create -d overlay --subnet 10.0.1.0/24 clash')).trim();
    expect(id).toMatch(SWARM_ID);
    const row = (await sim.ok('network ls')).split('\n').find((l) => l.includes(' clash '));
    expect(row).toBe(`${id.slice(0, 12)}   clash                       swarm`);
    const [net] = JSON.parse(await sim.ok('network inspect clash'));
    expect(net.Driver).toBe('');
    expect(net.Options).toBeNull();
    expect(net.IPAM.Config).toBeNull();
  });

  it('the overlay gets the next free /24 after network rm (28.2) but rotates on (26.1)', async () => {
    for (const [engine, want] of [['28.2', '10.0.1.0/24'], ['26.1', '10.0.2.0/24']]) {
      const sim = new Sim({ DOCKERSIM_ENGINE: engine });
      await sim.ok('swarm init');
      await sim.ok('network create -d overlay a');
      await sim.ok('network rm a');
      await sim.ok('network create -d overlay b');
      const [b] = JSON.parse(await sim.ok('network inspect b'));
      expect(b.IPAM.Config[0].Subnet).toBe(want);
    }
  });
});

describe('8. a damaged state file', () => {
  it('is reported with its path and left byte-for-byte untouched', async () => {
    const sim = new Sim();
    await sim.threeNodeSwarm();
    const bytes = sim.stateBytes();
    const cut = bytes.subarray(0, Math.floor(bytes.length / 2));
    fs.writeFileSync(sim.stateFile(), cut);
    const r = await sim.run('network ls');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^dockersim: cannot read state file ${sim.stateFile().replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: .+\n$`));
    expect(fs.readFileSync(sim.stateFile()).equals(cut)).toBe(true);
  });

  it('a JSON value that is not a state is reported too, and a newer schema asks for an upgrade', async () => {
    const sim = new Sim();
    fs.writeFileSync(sim.stateFile(), '[1,2]');
    const r = await sim.run('network ls');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot read state file');
    expect(fs.readFileSync(sim.stateFile(), 'utf8')).toBe('[1,2]');
    fs.writeFileSync(sim.stateFile(), '{"schemaVersion": 99}');
    expect((await sim.run('network ls')).stderr).toContain('upgrade dockersim');
  });
});

describe('9. determinism', () => {
  it('the same seed prints the same bytes in two fresh homes', async () => {
    const transcript = async () => {
      const sim = new Sim();
      let all = await sim.ok('network ls');
      all += await sim.ok('swarm init --advertise-addr 192.168.1.221');
      all += await sim.ok('machine create worker01 --ip 192.168.1.222');
      const token = (await sim.ok('swarm join-token -q worker')).trim();
      all += await sim.ok(['-c', 'worker01', 'swarm', 'join', '--token', token, '192.168.1.221:2377']);
      all += await sim.ok('node ls');
      all += await sim.ok('network create -d overlay test');
      all += await sim.ok('network ls');
      all += await sim.ok('network inspect docker_gwbridge ingress test');
      return all;
    };
    const a = await transcript();
    const b = await transcript();
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThan(1000);
  });
});

describe('swarm init --default-addr-pool (moby validateDefaultAddrPool, libnetwork pools)', () => {
  it('overlays, ingress first, take subnets of the given size from the given pools; info shows them', async () => {
    const sim = new Sim();
    await sim.ok(['swarm', 'init', '--default-addr-pool', '10.20.0.0/16,10.30.0.0/16', '--default-addr-pool-mask-length', '26']);
    await sim.ok('network create -d overlay a1');
    const subnet = async (n: string) => (await sim.ok(['network', 'inspect', n, '-f', '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}'])).trim();
    expect(await subnet('ingress')).toBe('10.20.0.0/26 10.20.0.1');
    expect(await subnet('a1')).toBe('10.20.0.64/26 10.20.0.65');
    expect(await sim.ok(['info', '--format', '{{json .Swarm.Cluster.DefaultAddrPool}} {{.Swarm.Cluster.SubnetSize}}'])).toBe('["10.20.0.0/16","10.30.0.0/16"] 26\n');
  });

  it('refuses what the daemon refuses, with its words', async () => {
    const sim = new Sim();
    expect(await sim.run(['swarm', 'init', '--default-addr-pool', '10.20.0.0/16', '--default-addr-pool-mask-length', '30'])).toMatchObject({ code: 1, stderr: 'Error response from daemon: subnet size is out of range: 30\n' });
    expect(await sim.run(['swarm', 'init', '--default-addr-pool', '10.20.0.0/16', '--default-addr-pool-mask-length', '8'])).toMatchObject({ code: 1, stderr: 'Error response from daemon: invalid CIDR: "10.20.0.0/16". Subnet size is too small for pool: 8\n' });
    expect((await sim.run(['swarm', 'init', '--default-addr-pool', '10.20.0.0'])).stderr).toMatch(/^invalid argument "10.20.0.0" for "--default-addr-pool" flag: invalid string being converted to CIDR: 10.20.0.0\n/);
    expect((await sim.run('node ls')).code).toBe(1);
  });
});

describe('network rm ingress asks first (cli/command/network/remove.go)', () => {
  const PROMPT =
    'WARNING! Before removing the routing-mesh network, make sure all the nodes in your swarm run the same docker engine version. Otherwise, removal may not be effective and functionality of newly create ingress networks will be impaired.\nAre you sure you want to continue? [y/N] ';
  it('"n" keeps it (exit 0, nothing removed); "y" removes it; a custom ingress can then be made', async () => {
    const sim = new Sim();
    await sim.ok('swarm init');
    expect(await sim.run('network rm ingress', { input: 'n\n' })).toEqual({ code: 0, stdout: PROMPT, stderr: '' });
    expect((await sim.ok('network ls --filter name=ingress -q')).trim()).not.toBe('');
    expect(await sim.run('network rm ingress', { input: 'y\n' })).toEqual({ code: 0, stdout: PROMPT + 'ingress\n', stderr: '' });
    await sim.ok('network create --subnet 10.11.0.0/16 --ingress --driver overlay my-ingress');
    await sim.ok('service create -d -p 8080:80 --name web nginx');
    expect((await sim.ok(['service', 'inspect', 'web', '-f', '{{range .Endpoint.VirtualIPs}}{{.Addr}}{{end}}'])).trim()).toMatch(/^10\.11\.0\.\d+\/16$/);
  });
});
