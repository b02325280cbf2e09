// `lab verify`'s comparison core: expected transcript output (copied from the seed tutorial,
// /work/shared/seed/overlay-network-tutorial.md) against "actual" output written by hand with
// other IDs, generated names and times — ID binding, annotations, placeholders, docker-aware
// tolerances, column realignment, `updated` and the unified diff.
import { describe, it, expect } from '@jest/globals';
import { Bindings, matchOutput } from '../src/lab/match';
import { unifiedDiff } from '../src/lab/diff';

/** A template literal's lines, without the first newline after the backtick and the last one. */
function lines(s: string): string[] {
  return s.replace(/^\n/, '').replace(/\n$/, '').split('\n');
}

// ── expected: blocks of the seed tutorial ────────────────────────────────────────────────────

const SEED_NETWORK_LS = lines(`
NETWORK ID     NAME                     DRIVER    SCOPE
a4009f06e440   06env-variable_default   bridge    local
b06e3cea66d7   bridge                   bridge    local
9e81df4352d6   docker_gwbridge          bridge    local   # if would be auto-attach to all of the container where overlay network will attach.  
4579f5d18bba   host                     host      local
n2kslakcvzkr   ingress                  overlay   swarm   # by default network
b440bc1b1c46   none                     null      local
`);

const SEED_NETWORK_LS_WITH_TEST = lines(`
NETWORK ID     NAME                     DRIVER    SCOPE
a4009f06e440   06env-variable_default   bridge    local
b06e3cea66d7   bridge                   bridge    local
9e81df4352d6   docker_gwbridge          bridge    local
4579f5d18bba   host                     host      local
n2kslakcvzkr   ingress                  overlay   swarm
b440bc1b1c46   none                     null      local
up9sgv2t9b2b   test                     overlay   swarm   # newly created newtork
`);

const SEED_SERVICE_LS = lines(`
ID             NAME           MODE         REPLICAS   IMAGE                                     PORTS
vwyu2ptyoh7a   funny_easley   replicated   1/1        coolgourav147/sleeper_traceroute:latest
zqgocy2o1w2w   viz            replicated   1/1        dockersamples/visualizer:latest           *:8080->8080/tcp
`);

const SEED_SERVICE_PS = lines(`
ID             NAME             IMAGE                                     NODE       DESIRED STATE   CURRENT STATE                ERROR     PORTS
pfx5vu7c2quu   funny_easley.1   coolgourav147/sleeper_traceroute:latest   worker02   Running         Running about a minute ago
`);

const SEED_SERVICE_INSPECT_PRETTY = lines(`

ID:             vwyu2ptyoh7ap6vt3yvzshq1z
Name:           funny_easley
Service Mode:   Replicated
 Replicas:      1
Placement:
UpdateConfig:
 Parallelism:   1
 On failure:    pause
 Monitoring Period: 5s
 Max failure ratio: 0
 Update order:      stop-first
RollbackConfig:
 Parallelism:   1
 On failure:    pause
 Monitoring Period: 5s
 Max failure ratio: 0
 Rollback order:    stop-first
ContainerSpec:
 Image:         coolgourav147/sleeper_traceroute:latest@sha256:9c8300ab567edf5fc10f36a527044fadbc1a1956e8d9a6259f83ebe76e116219
 Init:          false
Resources:
Networks: test
Endpoint Mode:  vip

`);

const SEED_SERVICE_SCALE = lines(`
vwyu2ptyoh7ap6vt3yvzshq1z scaled to 3
overall progress: 3 out of 3 tasks
1/3: running   [==================================================>]
2/3: running   [==================================================>]
3/3: running   [==================================================>]
verify: Service vwyu2ptyoh7ap6vt3yvzshq1z converged
`);

const SEED_CONTAINER_RUN_PULL = lines(`
Unable to find image 'coolgourav147/sleeper_traceroute:latest' locally
latest: Pulling from coolgourav147/sleeper_traceroute
Digest: sha256:9c8300ab567edf5fc10f36a527044fadbc1a1956e8d9a6259f83ebe76e116219
Status: Downloaded newer image for coolgourav147/sleeper_traceroute:latest
d68b9a13a8d4740e82245fb4b55578829d5dee1ee8855354180c575da7c26ff5
docker: Error response from daemon: Could not attach to network test: rpc error: code = PermissionDenied desc = network test not manually attachable.
`);

const SEED_CONTAINER_LS_WORKER02 = lines(`
CONTAINER ID   IMAGE                                     COMMAND        CREATED              STATUS              PORTS     NAMES
7e53a7d90599   coolgourav147/sleeper_traceroute          "sleep 3600"   About a minute ago   Up About a minute             clever_sammet
d68b9a13a8d4   coolgourav147/sleeper_traceroute          "sleep 3600"   4 minutes ago        Created                       stupefied_goldstine
28beccc26b5c   coolgourav147/sleeper_traceroute:latest   "sleep 3600"   14 minutes ago       Up 14 minutes                 funny_easley.1.pfx5vu7c2quuu3mv2ga47l88t
`);

const SEED_NETWORK_INSPECT_TEST01 = lines(`
[
    {
        "Name": "test01",
        "Id": "btlfrbq2l6957s00py7ksmb3c",
        "Created": "2024-06-20T01:33:40.385632425Z",
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
`);

const SEED_IFCONFIG_ETH = lines(`
eth0      Link encap:Ethernet  HWaddr 02:42:0a:00:02:02
          inet addr:10.0.2.2  Bcast:10.0.2.255  Mask:255.255.255.0  # get from network "test01"
          UP BROADCAST RUNNING MULTICAST  MTU:1450  Metric:1
          RX packets:0 errors:0 dropped:0 overruns:0 frame:0
          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0
          collisions:0 txqueuelen:0
          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)

eth1      Link encap:Ethernet  HWaddr 02:42:ac:12:00:04
          inet addr:172.18.0.4  Bcast:172.18.255.255  Mask:255.255.0.0 # get from docker_gwbridge
          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1
`);

const SEED_PING = lines(`
PING 10.0.2.2 (10.0.2.2) 56(84) bytes of data.
64 bytes from 10.0.2.2: icmp_seq=1 ttl=64 time=3.17 ms
64 bytes from 10.0.2.2: icmp_seq=2 ttl=64 time=3.04 ms
64 bytes from 10.0.2.2: icmp_seq=3 ttl=64 time=3.17 ms
`);

const SEED_CONTAINER_LS_NGINX = lines(`
CONTAINER ID   IMAGE          COMMAND                  CREATED         STATUS         PORTS     NAMES
425489be0c7e   nginx:latest   "/docker-entrypoint.…"   8 minutes ago   Up 8 minutes   80/tcp    happy_elion.1.pghcusllmyxjqy8vc5hgfpyqr
`);

// ── actual: the same outputs as the simulator might print them (written by hand) ─────────────

const NETWORK_LS = lines(`
NETWORK ID     NAME                     DRIVER    SCOPE
866264d9d3e0   06env-variable_default   bridge    local
e3ac926f9b70   bridge                   bridge    local
90a288bc8ee4   docker_gwbridge          bridge    local
1108f6279ef0   host                     host      local
35lhbrlbyul2   ingress                  overlay   swarm
b8cdcea170d9   none                     null      local
`);

const TEST_ID = 'byfljwizazf6bzpdu81fz2mqn'; // network `test` (expected up9sgv2t9b2btxfx2eom2qcpu)
const SERVICE_ID = 'qm87zvx4gkpqxye692ddnbphk'; // expected vwyu2ptyoh7ap6vt3yvzshq1z
const TASK_ID = 'f610hsbbg03zrn4l3vhvew0ry'; // expected pfx5vu7c2quuu3mv2ga47l88t

// NAME is 2 chars wider (elated_hodgkin vs funny_easley); docker pads the IMAGE cell before the
// empty PORTS cell, so the first row has trailing spaces.
const SERVICE_LS = [
  'ID             NAME             MODE         REPLICAS   IMAGE                                     PORTS',
  'qm87zvx4gkpq   elated_hodgkin   replicated   1/1        coolgourav147/sleeper_traceroute:latest   ',
  'f499z13kz80e   viz              replicated   1/1        dockersamples/visualizer:latest           *:8080->8080/tcp',
];

const SERVICE_PS = [
  'ID             NAME               IMAGE                                     NODE       DESIRED STATE   CURRENT STATE           ERROR     PORTS',
  'f610hsbbg03z   elated_hodgkin.1   coolgourav147/sleeper_traceroute:latest   worker02   Running         Running 5 seconds ago                 ',
];

const CONTAINER_64 = 'dbfdd95bb06b522311f311ea7d6f66156c93c1c35ba6ce82e80787a8af9544d7'; // expected d68b9a13a8d4…

const CONTAINER_LS_WORKER02 = [
  'CONTAINER ID   IMAGE                                     COMMAND        CREATED         STATUS         PORTS     NAMES',
  '3e0bd1a6dcbb   coolgourav147/sleeper_traceroute          "sleep 3600"   5 seconds ago   Up 4 seconds             hungry_wescoff',
  'dbfdd95bb06b   coolgourav147/sleeper_traceroute          "sleep 3600"   2 minutes ago   Created                  nifty_moore',
  '5e2d7c0b94fa   coolgourav147/sleeper_traceroute:latest   "sleep 3600"   3 minutes ago   Up 3 minutes             elated_hodgkin.1.f610hsbbg03zrn4l3vhvew0ry',
];

function seededWithService(): Bindings {
  const b = new Bindings();
  expect(matchOutput(['vwyu2ptyoh7ap6vt3yvzshq1z'], [SERVICE_ID], b).ok).toBe(true);
  return b;
}

describe('normalising', () => {
  it('ignores trailing whitespace on both sides and a final run of blank lines', () => {
    const b = new Bindings();
    expect(matchOutput(['overall progress: 3 out of 3 tasks   ', 'verify: Service converged', '', ''], ['overall progress: 3 out of 3 tasks', 'verify: Service converged  ', '', '', ''], b).ok).toBe(true);
    expect(matchOutput(['a', '', 'b'], ['a', 'b'], b).ok).toBe(false); // an inner blank line still counts
    expect(matchOutput(['  indented'], ['indented'], b).ok).toBe(false); // leading whitespace counts
  });

  it('compares everything else literally', () => {
    const b = new Bindings();
    expect(matchOutput(SEED_SERVICE_SCALE.slice(1), SEED_SERVICE_SCALE.slice(1), b).ok).toBe(true);
    expect(matchOutput(['1/3: running   [==================================================>]'], ['1/3: preparing [==================================================>]'], b).ok).toBe(false);
  });
});

describe('annotations', () => {
  it('drops `  # …` author notes (table rows in network ls), even with trailing spaces', () => {
    const b = new Bindings();
    const r = matchOutput(SEED_NETWORK_LS, NETWORK_LS, b);
    expect(r.ok).toBe(true);
    expect(r.updated).toEqual(SEED_NETWORK_LS); // annotations kept verbatim for --update
  });

  it('accepts the verbatim line when the output really contains `  # …`', () => {
    expect(matchOutput(['echo hi   # say hi'], ['echo hi   # say hi'], new Bindings()).ok).toBe(true);
    expect(matchOutput(['echo hi   # say hi'], ['echo hi   # say bye'], new Bindings()).ok).toBe(false);
  });

  it('drops a one-space trailing `# …` comment only when the line otherwise matches (ifconfig)', () => {
    const actual = SEED_IFCONFIG_ETH.map((l) => l.replace(/\s+# .*$/, ''));
    const r = matchOutput(SEED_IFCONFIG_ETH, actual, new Bindings());
    expect(r.ok).toBe(true);
    expect(r.updated).toEqual(SEED_IFCONFIG_ETH);
    // The address differs: the comment does not hide that.
    const wrong = actual.map((l) => l.replace('inet addr:172.18.0.4', 'inet addr:172.18.0.5'));
    expect(matchOutput(SEED_IFCONFIG_ETH, wrong, new Bindings()).ok).toBe(false);
  });

  it('needs `# ` after the single space (a `#` glued to text is output)', () => {
    expect(matchOutput(['root@host:/#'], ['root@host:/'], new Bindings()).ok).toBe(false);
    expect(matchOutput(['value #1'], ['value'], new Bindings()).ok).toBe(false);
  });
});

describe('placeholders', () => {
  it('`[..]` matches any text, including none', () => {
    const b = new Bindings();
    expect(matchOutput(['Digest: sha256:[..]'], ['Digest: sha256:1c1298e8b4b707b0fd1683849b3b2177db084295e9e695106d8068b50d17b427'], b).ok).toBe(true);
    expect(matchOutput(['RX bytes:[..] (3.3 KB)  TX bytes:0 (0.0 B)'], ['RX bytes:3347 (3.3 KB)  TX bytes:0 (0.0 B)'], b).ok).toBe(true);
    expect(matchOutput(['overall progress: [..]3 tasks'], ['overall progress: 3 out of 3 tasks'], b).ok).toBe(true);
    expect(matchOutput(['a[..]b'], ['ab'], b).ok).toBe(true);
    expect(matchOutput(['a[..]b'], ['ac'], b).ok).toBe(false);
  });

  it('`...` matches any number of lines, non-greedily, resynchronising on the next expected line', () => {
    const b = new Bindings();
    const expected = ['[', '    {', '        "Name": "test01",', '...', '        "Labels": null', '    }', ']'];
    const actual = SEED_NETWORK_INSPECT_TEST01.map((l) => l.replace('btlfrbq2l6957s00py7ksmb3c', '9r3gtk4ituapi4qfb1ai85pk4'));
    const r = matchOutput(expected, actual, b);
    expect(r.ok).toBe(true);
    expect(r.updated).toEqual(expected);
    // Lines skipped by `...` bind nothing.
    expect(b.entries()).toEqual([]);
  });

  it('`...` may match zero lines, and the lines after it must still match', () => {
    const b = new Bindings();
    expect(matchOutput(['a', '...', 'b'], ['a', 'b'], b).ok).toBe(true);
    expect(matchOutput(['...'], [], b).ok).toBe(true);
    expect(matchOutput(['...', 'end'], ['x', 'end', 'y'], b).ok).toBe(false);
    expect(matchOutput(['...', 'end', '...'], ['x', 'end', 'y'], b).ok).toBe(true);
  });

  it('`...` may carry an annotation', () => {
    expect(matchOutput(['a', '...   # the other networks', 'b'], ['a', 'x', 'y', 'b'], new Bindings()).ok).toBe(true);
  });

  it('backtracks when the first resynchronisation point leads nowhere (bindings undone)', () => {
    const b = new Bindings();
    // The first `verify:` line would bind the service ID to the wrong actual ID; the match must
    // take the second one.
    const expected = ['...', 'verify: Service vwyu2ptyoh7ap6vt3yvzshq1z converged', 'done'];
    const actual = ['verify: Service isodmrnvc7dny34u6nperk7x1 converged', 'noise', `verify: Service ${SERVICE_ID} converged`, 'done'];
    expect(matchOutput(expected, actual, b).ok).toBe(true);
    expect(b.entries()).toEqual([['vwyu2ptyoh7ap6vt3yvzshq1z', SERVICE_ID]]);
  });
});

describe('ID binding', () => {
  it('binds 25-char swarm IDs, 12-hex and 12-char base36 short IDs (network ls)', () => {
    const b = new Bindings();
    expect(matchOutput(SEED_NETWORK_LS, NETWORK_LS, b).ok).toBe(true);
    expect(b.entries()).toEqual([
      ['a4009f06e440', '866264d9d3e0'],
      ['b06e3cea66d7', 'e3ac926f9b70'],
      ['9e81df4352d6', '90a288bc8ee4'],
      ['4579f5d18bba', '1108f6279ef0'],
      ['n2kslakcvzkr', '35lhbrlbyul2'],
      ['b440bc1b1c46', 'b8cdcea170d9'],
    ]);
  });

  it('a short ID must be the prefix of the actual ID bound to its full form (network create → ls)', () => {
    const b = new Bindings();
    expect(matchOutput(['up9sgv2t9b2btxfx2eom2qcpu'], [TEST_ID], b).ok).toBe(true);
    const good = [...NETWORK_LS, `${TEST_ID.slice(0, 12)}   test                     overlay   swarm`];
    expect(matchOutput(SEED_NETWORK_LS_WITH_TEST, good, b).ok).toBe(true);
    // Another network's ID where `test` should be: a conflict.
    const b2 = new Bindings();
    expect(matchOutput(['up9sgv2t9b2btxfx2eom2qcpu'], [TEST_ID], b2).ok).toBe(true);
    const bad = [...NETWORK_LS, '9r3gtk4ituap   test                     overlay   swarm'];
    expect(matchOutput(SEED_NETWORK_LS_WITH_TEST, bad, b2).ok).toBe(false);
  });

  it('a full ID seen after its short form must extend it (service ps task ID → task container name)', () => {
    const b = seededWithService();
    expect(matchOutput(['vwyu2ptyoh7a   funny_easley'], [`${SERVICE_ID.slice(0, 12)}   elated_hodgkin`], b).ok).toBe(true);
    expect(matchOutput(SEED_SERVICE_PS, SERVICE_PS, b).ok).toBe(true);
    expect(b.get('pfx5vu7c2quu')).toBe(TASK_ID.slice(0, 12));
    const row = 'funny_easley.1.pfx5vu7c2quuu3mv2ga47l88t';
    expect(matchOutput([row], [`elated_hodgkin.1.${TASK_ID}`], b).ok).toBe(true);
    expect(b.get('pfx5vu7c2quuu3mv2ga47l88t')).toBe(TASK_ID);
    // A task ID that does not start with the bound short form is refused.
    expect(matchOutput([row], ['elated_hodgkin.1.isodmrnvc7dny34u6nperk7x1'], seededWithServicePs()).ok).toBe(false);
  });

  it('binds 64-hex IDs, and their 12-hex truncation maps consistently (container run → ls)', () => {
    const b = new Bindings();
    const pull = SEED_CONTAINER_RUN_PULL.map((l) => l.replace('d68b9a13a8d4740e82245fb4b55578829d5dee1ee8855354180c575da7c26ff5', CONTAINER_64));
    expect(matchOutput(SEED_CONTAINER_RUN_PULL, pull, b).ok).toBe(true);
    expect(b.get('d68b9a13a8d4740e82245fb4b55578829d5dee1ee8855354180c575da7c26ff5')).toBe(CONTAINER_64);
    // The digest is the same in the simulator's catalog: bound to itself.
    expect(b.get('9c8300ab567edf5fc10f36a527044fadbc1a1956e8d9a6259f83ebe76e116219')).toBe('9c8300ab567edf5fc10f36a527044fadbc1a1956e8d9a6259f83ebe76e116219');
    expect(matchOutput(SEED_CONTAINER_LS_WORKER02, CONTAINER_LS_WORKER02, b).ok).toBe(true);
    expect(b.get('d68b9a13a8d4')).toBe(CONTAINER_64.slice(0, 12));
    // The short form of d68b9a13… printed as another container's ID fails.
    const b2 = new Bindings();
    expect(matchOutput(SEED_CONTAINER_RUN_PULL, pull, b2).ok).toBe(true);
    const swapped = [CONTAINER_LS_WORKER02[0], CONTAINER_LS_WORKER02[1], CONTAINER_LS_WORKER02[2].replace('dbfdd95bb06b', 'ba00a76516c3'), CONTAINER_LS_WORKER02[3]];
    expect(matchOutput(SEED_CONTAINER_LS_WORKER02, swapped, b2).ok).toBe(false);
  });

  it('binds sha256 digests, 64-hex IDs inside JSON, and RFC 3339 times match any time', () => {
    const b = new Bindings();
    const expected = [
      'Digest: sha256:9c8300ab567edf5fc10f36a527044fadbc1a1956e8d9a6259f83ebe76e116219',
      '        "Id": "btlfrbq2l6957s00py7ksmb3c",',
      '        "Created": "2024-06-20T01:33:40.385632425Z",',
      '            "4c357128b662e59ac3dd3cfdbccb00116e7f2938a3343a5f3b78897441d4f2cd": {',
      '                "Name": "gateway_5a12ea1b3b13",',
    ];
    const actual = [
      'Digest: sha256:1c1298e8b4b707b0fd1683849b3b2177db084295e9e695106d8068b50d17b427',
      '        "Id": "9r3gtk4ituapi4qfb1ai85pk4",',
      '        "Created": "2024-06-20T01:20:11.000000001+10:00",',
      '            "c843c7fbde7271f5b6236aa350a6ff77696a02196dadae7331b8967039ae4162": {',
      '                "Name": "gateway_7f56590606d3",',
    ];
    expect(matchOutput(expected, actual, b).ok).toBe(true);
    expect(b.get('5a12ea1b3b13')).toBe('7f56590606d3');
    expect(matchOutput(['"Created": "2024-06-20T01:33:40.385632425Z"'], ['"Created": "yesterday"'], new Bindings()).ok).toBe(false);
  });

  it('binds generated names (any left_right pair, optional retry digit) and SWMTKN tokens', () => {
    const b = new Bindings();
    expect(matchOutput(['clever_sammet3'], ['hungry_wescoff'], b).ok).toBe(true);
    expect(matchOutput(['stupefied_goldstine'], ['nifty_moore7'], b).ok).toBe(true);
    // Not a generated name on the actual side: a real difference.
    expect(matchOutput(['funny_easley'], ['my_service'], b).ok).toBe(false);
    // Names that are not generated are literal.
    expect(matchOutput(['viz'], ['vis'], b).ok).toBe(false);
    const token = 'SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx';
    const other = 'SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c';
    expect(matchOutput([`    docker swarm join --token ${token} 192.168.1.221:2377`], [`    docker swarm join --token ${other} 192.168.1.221:2377`], b).ok).toBe(true);
    expect(b.applyToCommand(`docker swarm join --token ${token} 192.168.1.221:2377`)).toBe(`docker swarm join --token ${other} 192.168.1.221:2377`);
  });

  it('binds a name to itself when the simulator prints the same one (`--name funny_easley`)', () => {
    const b = new Bindings();
    expect(matchOutput(['funny_easley.1'], ['funny_easley.1'], b).ok).toBe(true);
    expect(b.entries()).toEqual([['funny_easley', 'funny_easley']]);
    // …so another expected name cannot take it.
    expect(matchOutput(['clever_sammet'], ['funny_easley'], b).ok).toBe(false);
  });

  it('reuses bindings across calls: a service ID from `service create` used as a 12-char prefix in a later command', () => {
    const b = new Bindings();
    expect(matchOutput(['vwyu2ptyoh7ap6vt3yvzshq1z'], [SERVICE_ID], b).ok).toBe(true);
    expect(b.applyToCommand('docker service ps vwyu2ptyoh7a')).toBe(`docker service ps ${SERVICE_ID.slice(0, 12)}`);
    expect(b.applyToCommand('docker service inspect vwyu2ptyoh7a --pretty')).toBe(`docker service inspect ${SERVICE_ID.slice(0, 12)} --pretty`);
    expect(b.applyToCommand('docker service scale vwyu2ptyoh7ap6vt3yvzshq1z=3')).toBe(`docker service scale ${SERVICE_ID}=3`);
    // The scale output then has to print the same ID.
    const scale = SEED_SERVICE_SCALE.map((l) => l.replace('vwyu2ptyoh7ap6vt3yvzshq1z', SERVICE_ID));
    expect(matchOutput(SEED_SERVICE_SCALE, scale, b).ok).toBe(true);
    expect(matchOutput(SEED_SERVICE_SCALE, SEED_SERVICE_SCALE.map((l) => l.replace('vwyu2ptyoh7ap6vt3yvzshq1z', 'isodmrnvc7dny34u6nperk7x1')), b).ok).toBe(false);
    // Words that merely look like prefixes of nothing bound are left alone.
    expect(b.applyToCommand('docker service ps vwyu2ptyoh7b test')).toBe('docker service ps vwyu2ptyoh7b test');
  });

  it('applyToCommand: 4-char short IDs, names, task names, one pass (no chained replacement)', () => {
    const b = new Bindings();
    expect(matchOutput(SEED_CONTAINER_LS_NGINX, [
      'CONTAINER ID   IMAGE          COMMAND                  CREATED          STATUS          PORTS     NAMES',
      '1406f68a0eee   nginx:latest   "/docker-entrypoint.…"   12 seconds ago   Up 11 seconds   80/tcp    happy_elion.1.qn1zp8sv44d7gtiepg0apnuux',
    ], b).ok).toBe(true);
    expect(b.get('happy_elion')).toBe('happy_elion');
    expect(b.applyToCommand('docker container exec -it 4254 /bin/bash')).toBe('docker container exec -it 1406 /bin/bash');
    expect(b.applyToCommand('docker container exec -it 425489be0c7e /bin/bash')).toBe('docker container exec -it 1406f68a0eee /bin/bash');
    expect(b.applyToCommand('docker logs happy_elion.1.pghcusllmyxjqy8vc5hgfpyqr')).toBe('docker logs happy_elion.1.qn1zp8sv44d7gtiepg0apnuux');
    // Too short to be a short ID, or part of a longer word: untouched.
    expect(b.applyToCommand('echo 425 x4254')).toBe('echo 425 x4254');

    const c = new Bindings();
    expect(c.bind('clever_sammet', 'hungry_wescoff')).toBe(true);
    expect(c.bind('hungry_wescoff', 'nifty_moore')).toBe(true);
    expect(c.applyToCommand('docker exec clever_sammet ping hungry_wescoff')).toBe('docker exec hungry_wescoff ping nifty_moore');
  });

  it('conflicting bindings fail', () => {
    const b = new Bindings();
    expect(b.bind('vwyu2ptyoh7ap6vt3yvzshq1z', SERVICE_ID)).toBe(true);
    expect(b.bind('vwyu2ptyoh7ap6vt3yvzshq1z', SERVICE_ID)).toBe(true); // the same again is fine
    expect(b.bind('vwyu2ptyoh7ap6vt3yvzshq1z', TASK_ID)).toBe(false); // expected already bound
    expect(b.bind('pfx5vu7c2quuu3mv2ga47l88t', SERVICE_ID)).toBe(false); // actual already taken
    expect(b.bind('vwyu2ptyoh7a', TASK_ID.slice(0, 12))).toBe(false); // short form of a bound ID
    expect(b.bind('vwyu2ptyoh7a', SERVICE_ID.slice(0, 12))).toBe(true);
    expect(b.bind('pfx5vu7c2quu', SERVICE_ID.slice(0, 12) + 'x')).toBe(false); // prefix on one side only
    expect(b.entries()).toEqual([['vwyu2ptyoh7ap6vt3yvzshq1z', SERVICE_ID], ['vwyu2ptyoh7a', SERVICE_ID.slice(0, 12)]]);

    // In output: the same expected ID printed as two different actual IDs …
    expect(matchOutput(['verify: Service vwyu2ptyoh7ap6vt3yvzshq1z converged', 'vwyu2ptyoh7ap6vt3yvzshq1z scaled to 3'], [`verify: Service ${SERVICE_ID} converged`, `${TASK_ID} scaled to 3`], new Bindings()).ok).toBe(false);
    // … two expected IDs printed as the same actual ID …
    expect(matchOutput(['up9sgv2t9b2btxfx2eom2qcpu', 'btlfrbq2l6957s00py7ksmb3c'], [TEST_ID, TEST_ID], new Bindings()).ok).toBe(false);
    // … or an ID learned in an earlier call printed differently later.
    const c = seededWithService();
    expect(matchOutput(['ID:             vwyu2ptyoh7ap6vt3yvzshq1z'], [`ID:             ${TASK_ID}`], c).ok).toBe(false);
    // A failed block keeps earlier bindings intact.
    expect(c.get('vwyu2ptyoh7ap6vt3yvzshq1z')).toBe(SERVICE_ID);
  });

  it('needs the same shape on both sides', () => {
    expect(matchOutput(['a4009f06e440'], ['35lhbrlbyul2'], new Bindings()).ok).toBe(false); // hex vs base36
    expect(matchOutput(['vwyu2ptyoh7ap6vt3yvzshq1z'], ['vwyu2ptyoh7a'], new Bindings()).ok).toBe(false);
    expect(matchOutput(['funny_easley'], ['qm87zvx4gkpq'], new Bindings()).ok).toBe(false);
    // 12 digits are a number, not a short ID (docker's short IDs are never all digits).
    expect(matchOutput(['RX bytes:123456789012'], ['RX bytes:123456789013'], new Bindings()).ok).toBe(false);
  });

  it('service inspect --pretty: full ID, name and digest', () => {
    const b = seededWithService();
    const actual = SEED_SERVICE_INSPECT_PRETTY.map((l) => l.replace('vwyu2ptyoh7ap6vt3yvzshq1z', SERVICE_ID).replace('funny_easley', 'elated_hodgkin'));
    const r = matchOutput(SEED_SERVICE_INSPECT_PRETTY, actual, b);
    expect(r.ok).toBe(true);
    expect(b.get('funny_easley')).toBe('elated_hodgkin');
    expect(matchOutput(SEED_SERVICE_INSPECT_PRETTY, actual.map((l) => l.replace('Networks: test', 'Networks: test01')), seededWithService()).ok).toBe(false);
  });
});

describe('column realignment', () => {
  it('realigns a table (header included) when a bound name has a different length (service ls)', () => {
    const b = seededWithService();
    const r = matchOutput(SEED_SERVICE_LS, SERVICE_LS, b);
    expect(r.ok).toBe(true);
    expect(r.updated).toEqual(SEED_SERVICE_LS);
    expect(b.get('funny_easley')).toBe('elated_hodgkin');
    expect(b.get('zqgocy2o1w2w')).toBe('f499z13kz80e');
  });

  it('realigns for bound tokens learned in earlier calls, task names and relative times (service ps, container ls)', () => {
    const b = seededWithService();
    expect(matchOutput(SEED_SERVICE_LS, SERVICE_LS, b).ok).toBe(true);
    expect(matchOutput(SEED_SERVICE_PS, SERVICE_PS, b).ok).toBe(true);
    expect(matchOutput(SEED_CONTAINER_LS_WORKER02, CONTAINER_LS_WORKER02, b).ok).toBe(true);
    expect(b.get('clever_sammet')).toBe('hungry_wescoff');
    expect(b.get('stupefied_goldstine')).toBe('nifty_moore');
  });

  it('still fails a table whose columns moved for no reason', () => {
    const b = new Bindings();
    // Same-length IDs, no length change anywhere: the header's padding is wrong.
    const actual = ['NETWORK ID    NAME                     DRIVER    SCOPE', ...NETWORK_LS.slice(1)];
    expect(matchOutput(SEED_NETWORK_LS, actual, b).ok).toBe(false);
    // A single space where a column gap should be is not a column gap.
    const squeezed = ['ID             NAME             MODE         REPLICAS   IMAGE                                     PORTS', 'qm87zvx4gkpq elated_hodgkin   replicated   1/1        coolgourav147/sleeper_traceroute:latest'];
    expect(matchOutput(SEED_SERVICE_LS.slice(0, 2), squeezed, seededWithService()).ok).toBe(false);
  });

  it('keeps single spaces exact inside a realigned row', () => {
    const b = seededWithService();
    const actual = [SERVICE_LS[0], SERVICE_LS[1], SERVICE_LS[2].replace('*:8080->8080/tcp', '*:8080->8080/udp')];
    expect(matchOutput(SEED_SERVICE_LS, actual, b).ok).toBe(false);
  });
});

describe('relative times', () => {
  const same: Array<[string, string]> = [
    ['About a minute ago', '5 seconds ago'],
    ['4 minutes ago', 'About an hour ago'],
    ['13 days ago', '2 weeks ago'],
    ['Less than a second ago', '1 second ago'],
    ['Up 8 minutes', 'Up Less than a second'],
    ['Up About a minute', 'Up 3 hours'],
    ['Up 14 minutes (Paused)', 'Up 2 seconds (Paused)'],
    ['Exited (0) 2 minutes ago', 'Exited (0) 3 months ago'],
    ['Running about a minute ago', 'Running 5 seconds ago'],
    ['Running 5 seconds ago', 'Running less than a second ago'],
    ['Started:\t3 minutes ago', 'Started:\t2 years ago'],
  ];
  it.each(same)('%s ~ %s', (e, a) => {
    expect(matchOutput([e], [a], new Bindings()).ok).toBe(true);
  });

  const different: Array<[string, string]> = [
    ['Up 8 minutes', 'Exited (0) 8 minutes ago'], // other words around the duration
    ['Exited (0) 2 minutes ago', 'Exited (1) 2 minutes ago'],
    ['Running about a minute ago', 'Preparing about a minute ago'],
    ['Running about a minute ago', 'Running About a minute ago'], // service ps prints lower case
    ['About a minute ago', 'about a minute ago'],
    ['4 minutes ago', 'soon ago'],
    ['waited 5 seconds', 'waited 7 seconds'], // not a relative time: no `ago`, no `Up`
  ];
  it.each(different)('%s ≁ %s', (e, a) => {
    expect(matchOutput([e], [a], new Bindings()).ok).toBe(false);
  });
});

describe('latency', () => {
  it('`time=N ms` matches any number within opts.latency (default 0.01–10 ms)', () => {
    const actual = ['PING 10.0.2.2 (10.0.2.2) 56(84) bytes of data.', '64 bytes from 10.0.2.2: icmp_seq=1 ttl=64 time=0.045 ms', '64 bytes from 10.0.2.2: icmp_seq=2 ttl=64 time=1.2 ms', '64 bytes from 10.0.2.2: icmp_seq=3 ttl=64 time=9 ms'];
    expect(matchOutput(SEED_PING, actual, new Bindings()).ok).toBe(true);
    const slow = [...actual.slice(0, 3), '64 bytes from 10.0.2.2: icmp_seq=3 ttl=64 time=12.5 ms'];
    expect(matchOutput(SEED_PING, slow, new Bindings()).ok).toBe(false);
    expect(matchOutput(SEED_PING, slow, new Bindings(), { latency: { min: 0.01, max: 20 } }).ok).toBe(true);
    expect(matchOutput(SEED_PING, actual, new Bindings(), { latency: { min: 1, max: 20 } }).ok).toBe(false); // 0.045 too fast
    // The rest of the line is still compared.
    expect(matchOutput([SEED_PING[1]], ['64 bytes from 10.0.2.2: icmp_seq=9 ttl=64 time=3.17 ms'], new Bindings()).ok).toBe(false);
  });

  it('ping statistics: `time Nms` takes any integer, the rtt line any numbers', () => {
    const expected = ['--- 10.0.2.2 ping statistics ---', '6 packets transmitted, 6 received, 0% packet loss, time 5007ms', 'rtt min/avg/max/mdev = 2.590/2.995/3.170/0.210 ms'];
    const actual = ['--- 10.0.2.2 ping statistics ---', '6 packets transmitted, 6 received, 0% packet loss, time 5012ms', 'rtt min/avg/max/mdev = 0.045/0.052/0.061/0.007 ms'];
    expect(matchOutput(expected, actual, new Bindings()).ok).toBe(true);
    expect(matchOutput(expected, [actual[0], actual[1].replace('0% packet loss', '50% packet loss'), actual[2]], new Bindings()).ok).toBe(false);
    expect(matchOutput(['round-trip min/avg/max = 0.064/0.079/0.100 ms'], ['round-trip min/avg/max = 1.5/2/3.25 ms'], new Bindings()).ok).toBe(true);
  });
});

describe('updated', () => {
  it('is the expected text verbatim when everything matched', () => {
    const b = seededWithService();
    const r = matchOutput([...SEED_SERVICE_LS, ''], [...SERVICE_LS, '', ''], b);
    expect(r.ok).toBe(true);
    expect(r.updated).toEqual([...SEED_SERVICE_LS, '']);
  });

  it('restores a stale copy: changed lines come from the output with IDs and names mapped back', () => {
    const b = seededWithService();
    // The tutorial's copy is stale: the service was scaled to 3 since.
    const actual = [SERVICE_LS[0], SERVICE_LS[1].replace('1/1', '3/3'), SERVICE_LS[2]];
    const r = matchOutput(SEED_SERVICE_LS, actual, b);
    expect(r.ok).toBe(false);
    expect(r.updated).toEqual([
      SEED_SERVICE_LS[0],
      // the new row, in the tutorial's IDs, names and column widths
      'vwyu2ptyoh7a   funny_easley   replicated   3/3        coolgourav147/sleeper_traceroute:latest',
      SEED_SERVICE_LS[2],
    ]);
    // Updating again against the same output is now a match.
    expect(matchOutput(r.updated, actual, b).ok).toBe(true);
  });

  it('keeps placeholders and annotations, drops vanished lines and adds new ones', () => {
    const b = new Bindings();
    const expected = [...SEED_NETWORK_LS_WITH_TEST.slice(0, 3), '...', SEED_NETWORK_LS_WITH_TEST[6], SEED_NETWORK_LS_WITH_TEST[7]];
    // Actual: `test` was removed and a `test01` network appeared.
    const actual = [...NETWORK_LS, '9r3gtk4ituap   test01                   overlay   swarm'];
    expect(matchOutput(['btlfrbq2l6957s00py7ksmb3c'], ['9r3gtk4ituapi4qfb1ai85pk4'], b).ok).toBe(true);
    const r = matchOutput(expected, actual, b);
    expect(r.ok).toBe(false);
    expect(r.updated).toEqual([
      ...SEED_NETWORK_LS_WITH_TEST.slice(0, 3),
      '...',
      SEED_NETWORK_LS_WITH_TEST[6],
      'btlfrbq2l695   test01                   overlay   swarm   # newly created newtork',
    ]);
  });

  it('keeps the tutorial IDs of a replaced row whose IDs were never seen before', () => {
    const b = new Bindings();
    const r = matchOutput(SEED_CONTAINER_LS_NGINX, [
      'CONTAINER ID   IMAGE          COMMAND                  CREATED         STATUS                     PORTS     NAMES',
      '1406f68a0eee   nginx:latest   "/docker-entrypoint.…"   8 minutes ago   Exited (0) 2 minutes ago             happy_elion.1.qn1zp8sv44d7gtiepg0apnuux',
    ], b);
    expect(r.ok).toBe(false);
    expect(r.updated[1]).toBe('425489be0c7e   nginx:latest   "/docker-entrypoint.…"   8 minutes ago   Exited (0) 2 minutes ago             happy_elion.1.pghcusllmyxjqy8vc5hgfpyqr');
    expect(b.get('425489be0c7e')).toBe('1406f68a0eee');
  });
});

describe('unifiedDiff', () => {
  const expected = ['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7', 'l8', 'l9', 'l10'];

  it('prints headers and hunks with 2 lines of context, numbered from the block start', () => {
    const actual = ['l1', 'l2', 'L3', 'l4', 'l5', 'l6', 'l7', 'l8', 'l9', 'l10', 'l11'];
    expect(unifiedDiff('lab.md', 20, expected, actual, false)).toBe(
      [
        '--- lab.md:20 expected',
        '+++ actual',
        '@@ -20,5 +20,5 @@',
        ' l1',
        ' l2',
        '-l3',
        '+L3',
        ' l4',
        ' l5',
        '@@ -28,2 +28,3 @@',
        ' l9',
        ' l10',
        '+l11',
        '',
      ].join('\n'),
    );
  });

  it('merges nearby changes, shows pure deletions with a 0 count, and is empty when equal', () => {
    expect(unifiedDiff('lab.md', 1, expected, ['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7', 'l8', 'l9', 'l10'], false)).toBe('');
    expect(unifiedDiff('lab.md', 1, ['a  '], ['a'], false)).toBe(''); // trailing whitespace ignored
    expect(unifiedDiff('x.md', 5, ['a', 'b'], [], false)).toBe('--- x.md:5 expected\n+++ actual\n@@ -5,2 +4,0 @@\n-a\n-b\n');
    expect(unifiedDiff('x.md', 5, [], ['a'], false)).toBe('--- x.md:5 expected\n+++ actual\n@@ -4,0 +5,1 @@\n+a\n');
    const merged = unifiedDiff('x.md', 1, expected, ['l1', 'L2', 'l3', 'l4', 'l5', 'L6', 'l7', 'l8', 'l9', 'l10'], false);
    expect(merged.match(/^@@/gm)).toHaveLength(1);
    expect(merged).toContain('@@ -1,8 +1,8 @@');
  });

  it('colours removed lines red and added lines green', () => {
    const out = unifiedDiff('x.md', 1, ['a', 'b'], ['a', 'c'], true);
    expect(out).toContain('\x1b[31m-b\x1b[0m');
    expect(out).toContain('\x1b[32m+c\x1b[0m');
    expect(out).toContain('\x1b[36m@@ -1,2 +1,2 @@\x1b[0m');
    expect(unifiedDiff('x.md', 1, ['a', 'b'], ['a', 'c'], false)).not.toContain('\x1b[');
  });

  it('against `updated`, shows only the real change (IDs mapped back)', () => {
    const b = seededWithService();
    const actual = [SERVICE_LS[0], SERVICE_LS[1].replace('1/1', '0/1'), SERVICE_LS[2]];
    const r = matchOutput(SEED_SERVICE_LS, actual, b);
    expect(unifiedDiff('lab.md', 10, SEED_SERVICE_LS, r.updated, false)).toBe(
      [
        '--- lab.md:10 expected',
        '+++ actual',
        '@@ -10,3 +10,3 @@',
        ' ID             NAME           MODE         REPLICAS   IMAGE                                     PORTS',
        '-vwyu2ptyoh7a   funny_easley   replicated   1/1        coolgourav147/sleeper_traceroute:latest',
        '+vwyu2ptyoh7a   funny_easley   replicated   0/1        coolgourav147/sleeper_traceroute:latest',
        ' zqgocy2o1w2w   viz            replicated   1/1        dockersamples/visualizer:latest           *:8080->8080/tcp',
        '',
      ].join('\n'),
    );
  });
});

describe('a walk through the seed tutorial with one set of bindings', () => {
  it('binds in network ls, rewrites `network inspect <short>`, and checks the full ID extends it', () => {
    const b = new Bindings();
    expect(matchOutput(SEED_NETWORK_LS, NETWORK_LS, b).ok).toBe(true);
    expect(b.applyToCommand('docker network inspect 9e81df4352d6')).toBe('docker network inspect 90a288bc8ee4');
    const gwbridge = '90a288bc8ee4' + '5c7a2217a2bb32788343a41ce3d8317ba8d038c27a19b70a53d1';
    const expected = ['[', '    {', '        "Name": "docker_gwbridge",', '        "Id": "9e81df4352d6ea02e2a8206e4dbdede124d63c5c4616b28aae53790d256ea901",', '        "Created": "2024-06-16T17:56:32.107139222+10:00",', '...'];
    const actual = ['[', '    {', '        "Name": "docker_gwbridge",', `        "Id": "${gwbridge}",`, '        "Created": "2024-06-20T01:20:11.5Z",', '        "Scope": "local",', '    }', ']'];
    expect(matchOutput(expected, actual, b).ok).toBe(true);
    expect(b.get('9e81df4352d6ea02e2a8206e4dbdede124d63c5c4616b28aae53790d256ea901')).toBe(gwbridge);
    // The same output with an ID that does not extend the short one fails.
    const c = new Bindings();
    expect(matchOutput(SEED_NETWORK_LS, NETWORK_LS, c).ok).toBe(true);
    expect(matchOutput(expected, actual.map((l) => l.replace(gwbridge, '5c7a2217a2bb32788343a41ce3d8317ba8d038c27a19b70a53d1b890343ac89e')), c).ok).toBe(false);
  });

  it('service create → ls → ps → inspect → scale → container ls, one Bindings', () => {
    const b = new Bindings();
    expect(matchOutput(['up9sgv2t9b2btxfx2eom2qcpu'], [TEST_ID], b).ok).toBe(true);
    expect(b.applyToCommand('docker service create -d --network test coolgourav147/sleeper_traceroute')).toBe('docker service create -d --network test coolgourav147/sleeper_traceroute');
    expect(matchOutput(['vwyu2ptyoh7ap6vt3yvzshq1z'], [SERVICE_ID], b).ok).toBe(true);
    expect(matchOutput(SEED_SERVICE_LS, SERVICE_LS, b).ok).toBe(true);
    expect(b.applyToCommand('docker service ps vwyu2ptyoh7a')).toBe(`docker service ps ${SERVICE_ID.slice(0, 12)}`);
    expect(matchOutput(SEED_SERVICE_PS, SERVICE_PS, b).ok).toBe(true);
    const pretty = SEED_SERVICE_INSPECT_PRETTY.map((l) => l.replace('vwyu2ptyoh7ap6vt3yvzshq1z', SERVICE_ID).replace('funny_easley', 'elated_hodgkin'));
    expect(matchOutput(SEED_SERVICE_INSPECT_PRETTY, pretty, b).ok).toBe(true);
    expect(b.applyToCommand('docker service scale vwyu2ptyoh7ap6vt3yvzshq1z=3')).toBe(`docker service scale ${SERVICE_ID}=3`);
    expect(matchOutput(SEED_SERVICE_SCALE, SEED_SERVICE_SCALE.map((l) => l.replace('vwyu2ptyoh7ap6vt3yvzshq1z', SERVICE_ID)), b).ok).toBe(true);
    const pull = SEED_CONTAINER_RUN_PULL.map((l) => l.replace('d68b9a13a8d4740e82245fb4b55578829d5dee1ee8855354180c575da7c26ff5', CONTAINER_64));
    expect(matchOutput(SEED_CONTAINER_RUN_PULL, pull, b).ok).toBe(true);
    expect(matchOutput(SEED_CONTAINER_LS_WORKER02, CONTAINER_LS_WORKER02, b).ok).toBe(true);
    expect(b.applyToCommand('docker container exec -it 7e53a7d90599 bash')).toBe('docker container exec -it 3e0bd1a6dcbb bash');
    expect(b.applyToCommand('docker logs funny_easley.1.pfx5vu7c2quuu3mv2ga47l88t')).toBe(`docker logs elated_hodgkin.1.${TASK_ID}`);
  });
});

function seededWithServicePs(): Bindings {
  const b = seededWithService();
  expect(matchOutput(SEED_SERVICE_PS, SERVICE_PS, b).ok).toBe(true);
  return b;
}
