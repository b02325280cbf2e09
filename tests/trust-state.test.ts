// Issue "Trust and speed" point 3: state files that cannot be used (truncated, not JSON, not a
// dockersim state, a newer schema) give a clear error, exit 1, and stay byte for byte as they
// were — for commands that only read and for those that write; an older schema is migrated
// forward after a copy is kept next to it; `system reset` is the way out.
import { describe, it, expect } from '@jest/globals';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { Sim, spawnCli } from './helpers';
import { readState } from '../src/state/store';
import { checkConsistency } from '../src/state/consistency';
import { SCHEMA_VERSION } from '../src/state/schema';
import '../src/engine/task-containers';

function expectRefused(sim: Sim, bytes: Buffer | string, reason: RegExp) {
  fs.writeFileSync(sim.stateFile(), bytes);
  const before = fs.readFileSync(sim.stateFile());
  return async () => {
    for (const argv of ['network ls', 'service ls', 'network create -d overlay x', 'swarm init', 'node ls']) {
      const r = await sim.run(argv);
      expect([argv, r.code, r.stdout]).toEqual([argv, 1, '']);
      const file = sim.stateFile().replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      expect(r.stderr).toMatch(new RegExp(`^dockersim: cannot read state file ${file}: ${reason.source}\n$`));
      expect(fs.readFileSync(sim.stateFile()).equals(before)).toBe(true);
    }
    // Also through the built CLI, and nothing else appears next to the file.
    const out = spawnCli(['network', 'ls'], sim.env);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('cannot read state file');
    expect(fs.readdirSync(sim.home)).toEqual(['state.json']);
  };
}

describe('a state file that cannot be used is reported, exit 1, and left as it was', () => {
  it('truncated (full layout)', async () => {
    const sim = new Sim();
    await sim.threeNodeSwarm();
    const bytes = sim.stateBytes();
    await expectRefused(sim, bytes.subarray(0, Math.floor(bytes.length * 0.6)), /(Unexpected|Unterminated|Expected).*/)();
  });

  it('truncated (compact layout: task rows and load-balancer tables)', async () => {
    const sim = new Sim({ DOCKERSIM_COMPACT_ABOVE: '0' });
    await sim.threeNodeSwarm();
    await sim.ok('service create -d --name web --replicas 3 nginx');
    const bytes = sim.stateBytes();
    expect(bytes.toString()).toContain('"$tasks"');
    for (const cut of [0.3, 0.9, 0.999]) await expectRefused(sim, bytes.subarray(0, Math.floor(bytes.length * cut)), /.+/)();
  });

  it('empty, and not JSON at all', async () => {
    const sim = new Sim();
    await expectRefused(sim, '', /Unexpected end of JSON input/)();
    await expectRefused(sim, 'hello', /Unexpected token.*/)();
    await expectRefused(sim, Buffer.from([0xff, 0xfe, 0x00, 0x7b]), /.+/)();
  });

  it('JSON that is not a dockersim state', async () => {
    const sim = new Sim();
    await expectRefused(sim, '[1,2]', /not a dockersim state \(expected a JSON object\)/)();
    await expectRefused(sim, 'null', /not a dockersim state \(expected a JSON object\)/)();
    await expectRefused(sim, '{"machines": []}', /not a dockersim state \(no schemaVersion\)/)();
    await expectRefused(sim, `{"schemaVersion": ${SCHEMA_VERSION}}`, /not a dockersim state \(profile is missing\)/)();
    await sim.ok('lab reset');
    await sim.threeNodeSwarm();
    const good = JSON.parse(sim.stateBytes().toString());
    await expectRefused(sim, JSON.stringify({ ...good, machines: 'none' }), /not a dockersim state \(machines is not a list\)/)();
    await expectRefused(sim, JSON.stringify({ ...good, swarm: { ...good.swarm, tasks: [{ id: 1 }] } }), /not a dockersim state \(.*\)/)();
  });

  it('a newer schema asks for an upgrade', async () => {
    const sim = new Sim();
    await expectRefused(sim, `{"schemaVersion": ${SCHEMA_VERSION + 1}, "machines": []}`, /written by a newer dockersim \(schema \d+, this one reads \d+\); upgrade dockersim/)();
  });

  it('system reset is the way out (and so is lab reset)', async () => {
    const sim = new Sim();
    fs.writeFileSync(sim.stateFile(), '{"truncated": ');
    expect(await sim.run('system reset')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(fs.existsSync(sim.stateFile())).toBe(false);
    expect((await sim.ok('network ls')).split('\n')[0]).toBe('NETWORK ID     NAME      DRIVER    SCOPE');
    expect((await sim.run('system reset --help')).stdout).toContain('Usage:  docker system reset');
  });
});

describe('schema migrations', () => {
  // A state written by dockersim 0.1.0 (schema 1: every task carried a copy of its spec, overlays
  // an address map) with `swarm init; network create -d overlay --attachable n1; service create
  // --name web --replicas 2 --network n1 nginx; service update --image nginx:alpine web; run -d
  // --name c1 --network n1 alpine sleep 1000`, and what that dockersim printed for four commands.
  const v1 = () => JSON.parse(zlib.gunzipSync(Buffer.from(BLOB.replace(/\s+/g, ''), 'base64')).toString()) as { state: string; outputs: Record<string, string> };

  it('migrates a schema-1 file forward, keeping the old file as state.json.v1.bak; the commands print what they printed', async () => {
    const V1 = v1();
    const sim = new Sim({ DOCKERSIM_NOW: '2024-06-20T01:20:11Z' });
    fs.writeFileSync(sim.stateFile(), V1.state);
    // The first command migrates the file (a read-only one too: it takes the lock for that).
    for (const [cmd, want] of Object.entries(V1.outputs)) expect([cmd, await sim.ok(cmd)]).toEqual([cmd, want]);
    expect(fs.readFileSync(`${sim.stateFile()}.v1.bak`, 'utf8')).toBe(V1.state);
    await sim.ok('network create -d overlay n2');
    const state = readState(sim.env)!;
    expect(state.schemaVersion).toBe(SCHEMA_VERSION);
    expect(checkConsistency(state)).toEqual([]);
    const raw = JSON.parse(sim.stateBytes().toString());
    expect(raw.swarm.tasks.every((t: Record<string, unknown>) => !('spec' in t) && Number.isInteger(t.tv))).toBe(true);
    expect(raw.swarm.networks.every((n: { alloc: Record<string, unknown> }) => !('used' in n.alloc))).toBe(true);
    for (const [cmd, want] of Object.entries(V1.outputs)) expect([cmd, await sim.ok(cmd)]).toEqual([cmd, want]);
    // The migrated swarm goes on: rollback to the previous (v1) spec, then a third replica.
    await sim.ok('service rollback -d web');
    await sim.ok('service scale -d web=3');
    const images = (await sim.ok(['service', 'ps', 'web', '--format', '{{.Image}} {{.DesiredState}}'])).split('\n').filter((l) => l.endsWith('Running'));
    expect(images).toEqual(['nginx:latest Running', 'nginx:latest Running', 'nginx:latest Running']);
    expect(checkConsistency(readState(sim.env)!)).toEqual([]);
  });

  it('a file already migrated keeps its backup as it was', async () => {
    const V1 = v1();
    const sim = new Sim();
    fs.writeFileSync(sim.stateFile(), V1.state);
    fs.writeFileSync(`${sim.stateFile()}.v1.bak`, 'an older backup');
    await sim.ok('network create -d overlay n2');
    expect(fs.readFileSync(`${sim.stateFile()}.v1.bak`, 'utf8')).toBe('an older backup');
  });
});

const BLOB = `
H4sIALSMCGsC/+1c+3Pbtpb+Vzj5OXYAEAAB3e3O9SS+Xe+tnYyddndbdzx42owlUqYo2U7G//seviRSoh6O7W3v1u5MJyIBEjiP73zn4Ejf3kxylbs3g+DN
t/M3E3PlRuoXl03iNDl/M8Bvz9+Ms9THQwefzt8QsU/O38DFLLmEC7+FnBDJQ0HeYkwkEiGi+G0YcYZxRBl/G0qEMEFMoN9hkhmm5rp8Do6wEJRTjBFCQkrB
q8eaNMndXV6OsTDYZeXlkTJXceImxSthlYkaueUh8bh6sCT7mIt9vE8ILm9MJ8WI7mCXXMLjjmx5XVLplbZkzxNM9mjo2J7APtrTPMJM+kg7oarFZQ4kVU0i
iNA9xPcI+ozwgKABxvuwFY4iHEa/lsPHaTp8P80mafF6AhcSl9+m2XWzi0c+LgbJZIkawnivhhMHl1Seg2CULpXTXIzHM976OFTaDYtXfnsoN27HKTypXEOh
krh6v0I6FIqxEEcehbBxbRzGIqQeCR0R62wouOBSe4+5dMQ4LgmMMBLmaE/LFc7VorPYXrryms3iWS3/1tV4rEa1FM6mGuRSGwXoLtpH++gd5uW4H0FAt+q+
exfU+lAsPR3nYKTl1grDGe1XCt6vxbxfvW/fOq+mw/yieT08Ks+mrja3dbNcUoj1IjbmsTPGFyM1uZm6TNmd33aVTmCBcWLj5BKeMKPlRLRf/rdl7pIzrB1e
aWJ/lE8rcTIEQx8e3v7JLFFjGmnDDMPGeBsCNCiLrQaTQ8a7KPKSRaHFnhmiCUMabmllmDIwS1mJu5ZYCHbZDufXGitcMqY/n0ywpd5LFXFscMS4FMyGEUac
WEZ0hJjDSkZUhVooz7TgkVfMOU5CGgkKU7oySdJkxTeT6XC4XSb1cjyxodKRd9Zob0JqKMCEophobnQEy5RESsoFQ5IyRzAn2APag9qsRATx7nIqM724vN2K
GjuoJIpIJMMnqWQDNomN2CQej01LKFMu4QVhZr3MHzbbImzi2lVbBYTK3GSyN9HpXVeRl5VALlZGNI+q4y2nxgsshQOXDcFsLIQRC+bsqXZGhlYbA8YjsOFA
EBCYOVgVIoJwFrGCV3TCfSN40vCEan9qIMRAm0GkB8QOiCp22NoExDGFQoKxFUpSAuEMUQXRn3lSRDgjuQJS4zSjEZIhZ1YQZQjRTopQIen7Nx4q6WRksWMc
922cuCKIKoY4Bc4RCoSdNJgxpSj38H4tqPXCSalVGHKswVsiwmD3hFlnCOvdeNjZuOADaQeSDAgdRNHA+KWN01Arazi3RHEAWky9MUpwwxA2hHvs4TXcA6w5
YHXUWee8Vgr2LAgRnqzZOJEWtGNBqoT2bdxEUiEkHQ+xlUr7gvEhQALQu4y0xooriXwkZVjImBkTFXr33AH/CJnxvRunnY17NVB+YHmhbk8G1i1tXJRcBiHN
FBGRJpx7UKlnSOCIR4qEngrQNEA6Y6A/pIkljuLIwcYIUrZ/44Y5Dfw15Bab3o0b7gRjnIIqQY4GoFkDRmkcese1EEJTJnXIgTbLMJQuBD1jJQDtDVBQJns3
zjobV3xgzUDpgacDLgaUFAhUYlA8Updzypy5cTqJ8zSrxFHw38o5a0yfXCnQ/MDrUBKBdKQlhFUGaGoAuVVoIlEwdQK0zwkvIRCZMIJ4I40kHlO4ADsEMykf
mavLeQQbQ2DZAtkCcoEiipb62nGd3CAehl5b4RmmTEuEIQQJDXxAUaeI5TQisH7KkXXgZpZbYK0AMoaJENfqfNw6BcQWvmaZajiO66DaXSeAM+ABVkyHEKcx
5oA7ShKtEMRr5hBYT4hhrVaaEJINERqjFXGOUQL4KHRnnQVE564gLzuuWHJO6a91SCpSKwWrzBqTqFf6vFh46zTkXjG+vk1Hl9H9NLrS11caYfGFX93jWpWF
YS7UO6ik9/daZBQzEoJFGB9ZcExPeBQpAWRLgpCUwjQEtwH6hz0QPmkoBs8Cv+GIKPjTdPGKo+c3mR0oiBARpTUFKVPrcnA2TZK4yJkLkLiL8/dpGbZRiRl5
dl+iRqXkd1V03ltc359cVTo3I1uNWfjFXvVMq9woTYLU+79VQ10yq4Z+Ovj8Hz+8m06yd5B9q+G7CeQZg9bn+cfFjfIf1Uf4X/n8kx+PTv774pfD07Ojjyc/
QHYd1ZHn0z9/vDg9/Onw4Ozwhyrqffifk9WLJ/95Np+N9sV+NL/aGlesu+ArNq64XzmmoOtz82oba3l3QVoKSIxrEy/HlksOPpTCDI7n9ybBv9UCLsf/vRTl
PpCmf19mT5NblY32E9DUfsN8bYpAB+N4NryJbzCOwa9dmN1+7Z86cdksNvPZyf1obENO6Nd8QoXS08s4R5L7ZPPstm/1j8zV5HohsN7bzRo2e2b/1N2d+2FR
5ThO7UoxAG7NSzg1r77O5KXU+BZfiSs3usF3Isf35NaMOqGvyIPxfsW7x5nz8d1PrihPEdqKhIhA9BsgNUBoAA5Z5xlLERljDZzHU1wEXAHRh1FPLWMlqjjA
aEmopUA6OKJachtJC1BdBMRQFjSlfKYaxmri5rGj8PK4WENBwUusHafZIolbGp3n961sIx275Cy3hZctspRpnp6CO8/aWcpcx5s16OcEPk5gXXWIaJaZAXYd
5Lui1+Vt5VePppwvRH0nKrFlTgEPbHNtCszRGQNUjhIKLATYVsQgh4B8EzkIV5BPMIpDILehFRC1sCuE0klpn5cXF35C9tPo/kZgfTtMeJbPZlM8QbPp8O5a
/RWCoEQMkdcg+CJBsG2sr0HwO4LgZs/cIQhudO6XDYLR44Jg1JuWKs0jGnEFaTaHHFdp6xgKQ4xCoQ0mkUfeE+kFhejHuVHYYsjxDYVLggnxxwfBzRp8chBs
ode6ILi1/PBCZZB2EGzXXQjgAQSjiAE7ltZJjBiTRhitpWIMEjmrIgHP8wZSUglwD3FyKQg+b43E4KU4106SVyPTs2TKO0UmQXD0vZGpqJO3Q9Bk6Ny4nFWU
R54/6CwHg3er0aCttaVo0IdECX4OFJKPQyHZ5w4oRKI46xEsNBY0qjzRxjFBnCShplJzhCmQGwYWEFIkuNUGyIvDXDgMpPEPQ6EN8LIOLbbW7F6odthGi3ax
EoijtRyF3guppaMIsB0SHKdCgZ1CEutQgYtTpZknhEZGUFNFth0BtDjR/3VeiizjaC2ZOgR/+cq+zG6yISJxmAxH5Ov1xI2Sqd79pB0yFVn58XRsHzN8Nm9v
kKUOrSsExIojeqM+xJdlia3MFZmJQAZSGiRDFHnKBUCfpSqUgMiUQNbhI2EQKg4rIdNg4INCSVCMUYZVESJPr11zEFQ4Ys3Lzv7r+PM/T/bwHvLXk8tLa/2X
6dcJvYzuPItdAqnQzHydcpbdi2yIv4xDeq+zO3Xn88s9dTNJQ35zTzX5mkUzHqpbkmZXN7PayBIA16e/hWTA7iz2X6+VV5MJv87VlcwRu68ZDgDKUiVxMzGs
eziWWzGytG4tma+7cLuZigHG4mGc1wVWk8ezKnYMHYSKrHbx2uWnkwrF4db97gYkJeOPMKDF8IUBYdQF3NLal/o8aukM5eXNXTJy11/ya5Oq5Ov4SmRXX2XY
DZv16dnOB54Ig6/tvIv28NYuwu6ZK8BdNlSVJPuPTFePVufrbvSy8aR72/lo3axQL2R/djdUSWwvhnHtmhRShsoOM3czBYddQDDgcWoaFO49yq37Kt7Vh1Wd
g9zqXnOMO0viYn7xtt/LPZSvJ1VXka1egtsnQuUDSaVvgPf1DlEeuOrqCRuGtWNJtTSy+1E4RbxW9VJosQYpynUUhsR5YqjXRGoGQYQgiaRlPALWKUwYQQzm
ECIIULGi9wD4mEfERAVv7DDHzdRh0XmAd188Cx9h1YvRLaNmOxp1Y6+bbHpb+0bNC5/BrKMnmTXeYNa4x6yjllnLncx6Fo8Hm3N4XrUjQKo22FyrjBYDN+dz
YgeHgmGyojl5Nnh6JvOd/on3xe6JSMgI7/VPo4kIkYJ1KoUs5HDA57gyoUEWQ/7ogcgxhkVofaSAuIHrFl04hvvi0FaEqvLPRrW/lNoulF1Ey9JgOm2JdYll
KVxtqdPs4sKcPcKFZVF5XPbhsEgqJmNXG/7JchHop05Q+QyW9NmNxsMqq4MJ75szz7P5M45evu56lMR5CyTO8nT8Y6aM++SyOLUla5j/FaXCkzNYp48vm30c
TVLYQiUBgLCqf7EyyVM3SadZpSzYzE/xKM7n+4eboErVbtoqLxaM/VM6jM39XCo2nj9fJZV7f3AlOg5Ye23H6u4gz0Gm5VtQ8cBPQ9jKyJXp8LfyY+7TbNSY
z0EGNC93Jp9mddo/srySy8ezyo/jZHpXpgZF8bPLlT6r7HJ7Olqa9j9SkMPPpWXVmfrpNMnjpvqQzqugxWvq9PdbIY8xSKI2x8XnYgGkFFj1yIVGYIsqK5I8
QOlR3RL9D6CnsL8DM5fiWE3r1q3jNCkaA3okWc86LTRUL/ljZuvwNAEr2fNxNmk0nQ6HWpnrP3whhzU2LVxoXkuYFdBXCg3+9bhygrI2a8MmKcPWasY+ztws
TqeTsxcFgaqvogEBBPkdICnmEYAsJHlYAQ54pwhEEmRCZ4gAcABQ1hGBASKS1igHKWDRNoG4egWBVxD4K4JAFebPmny8oKfzAiuQ4fHQlQIvvWGHIlKbErxv
pm+rO1HZtP8eA3NvvLxaWdBaREWPCu65xHvu+JevN0Pqh3f3yT3OzJ25uUH5RN1U9bSKK+3AkCbDNK/1kzSi2nJytgungqwufASpiuQqp+JFXuQmceaaAvw0
t+ltslQS716Ok3rX2181agm++5C58bxC8iskN+ekVahvVxPiSI3HtzOWxbGgZJjybDYzUnn2fS5IntkFJWF4ZxcUPArpqg/Kl/DB9rtenfDVCZ/mhBtLN390
HJRCyt1r90KIKMTLTsjwkhO2D4H7j4a3u2DrTR0XrAjP4z3wtTzxV/LA706f+SJ9bj36Wbr726CwuUz7B0dmwQXjZHdQkJiJcAUUyAuAQutNr6DwCgr/V6AQ
rQOFp3c7V4K4uGgOzS4uKuW9eRu8Saf5eJpP3gyCbw0kBONJsLeXpHs5OI4Jbp0ufm/i6EOw9u/k4Piw+ffR8cGPh8Gz/518/FA/9cPh2dHp4Yfg7PPB5+LS
+59PTw9PPs8/r/4dnp5+PC3/9enj6eez82QtXYIh5dcm6okv4cDw2OqcsXjBaYVM85U2n4cAPEF+pZJABRMH9mADdZl2d3WerK1+lLfPL+Z7eYn8oLOPszpp
adY2/7zDRs6TtYGqVgf511DH2ky4rQ7y51dHAQsFBKgWChQI8P7jyeeDo5PD02ATFmz8eyFweP/x+PjgZOdFvT89BKjoGV5AyM9nq9dL2JgjHQDIU4+s4UmV
GT+7KOou16DqcN1hwk/rTOLncd+99p/B58lTo9PLufWar6VUrwv2LoPOF1C+RxICvcvNOGhQasPXDJKnMvv/P2La9JXEEnrq9psgTgqanQcJLsDnt/MSzb6d
JwtLrw8Xg6ZXqXWr7M0ItnCw1vj384wl2KUHpDXzzKTjehV142zn9oempynoNDW1RhyWvxFy9Kn8HaGg6m/qu1106gQ15W/v9NPBcXGnJZnVN88p/tvlUR/n
TVBB1Ra1dH+eOAS/dW8taaM7a97pFKy0Oq2ZsWiACtodUKvDH7qXfl98fOjKZdEh1iO1g3ZP2arQj+a9ZD1zK5H8I0tHvXKvE45qJ+0dPPQ85WMyvF/7lsUv
AKy+5elZwaBPfW2n2uGLkT3zm8PHow/VU57j60s9rzlW5gAyqFpJa75K1TOv8LPOxE76tW4K70xZNsuHFa95ekvbVu0YvKMCnuObG9+hAPlIBchnVcDTK2k7
uceWH8/YQTvP8RX379AOf6R2+LNqZ6j3ioi9VcQJ3muaLXdFmyc3Y36XOMUjxSmeIs51EaUVylfCxaPbm4Omv3nd2+aNXMG37o1Pro5ZS4Rhi65tBIqDrMU5
ut44ayF2fzZ0rXhqbgBXfq+oZVPgaqhlXdrq45aNQW0sjbfGL36FdVX4R/WXloKQrmUDFf88yDcy0EWXbmtqVaHcOnXRn9Mmr1XVuofEtGGuhzau0X51c6mr
r1/zy5Xz9WSyKagHL1dRX/fmqs6+ws6WyO5K+T3o1N/XTGtX5Vel2FpEq1jfpvI91LjXa9oV/fVCnhf6Ny1lqf4PQx+xiM4hwfqFtM8OgvnhwToZ1kcKAdsu
7+5JQ4B2XXr7OGL9stunFH2p0paUqZWZdI83gtb5xpaZ5elHMD/+WD/8of/W77tKpHWksm6rG7bZOoPZnKD3P6Jn8b/3rrJ7fBOgfrucn+gEnXOXbQymbqjs
h7ZOw+p6k2n1sQZka6K7uoalttf+tXQbUAPcL6qlntSg1ZTax4bmbaqb/a6vc3WNHppm1qDbzbpNBCstt39FISy1+/aLoDHYugV4R0r5qdvQ/y/GE56/Ie6V
J7zyhFee8MoTXnnCK0945Qmrj+7lCE9438oefomzfKqGR58mjz2SqsGoqevsdjC4BLlVy1aw9D3I7z+j+rn7Hawe0dU9jMHSd7JWh2XfVwJqYmn7C1vBLt/Y
Wsa5eadk0PcFrpYAOjW5h4f/BSKgTyjSaAAA
`;
