// Issue "dockersim foundation" point 7: parallel commands never lose an update.
import { describe, it, expect } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { spawnCli, spawnCliAsync, tempHome, BIN } from './helpers';

describe('parallel commands', () => {
  it('sixteen overlay creates in parallel all land, with sixteen subnets and VXLAN IDs', async () => {
    expect(fs.existsSync(path.join(path.dirname(BIN), '..', 'dist', 'dockersim.cjs'))).toBe(true);
    const env = { DOCKERSIM_HOME: tempHome(), DOCKERSIM_SEED: '7' };
    expect(spawnCli(['swarm', 'init'], env).code).toBe(0);
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => spawnCliAsync(['network', 'create', '-d', 'overlay', `n${i}`], env)));
    for (const r of results) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^[0-9a-z]{25}\n$/);
    }
    const ls = spawnCli(['network', 'ls', '--filter', 'name=^n[0-9]', '--format', '{{.Name}}'], env);
    expect(ls.stdout.trim().split('\n').sort()).toEqual(Array.from({ length: 16 }, (_, i) => `n${i}`).sort());
    const inspect = spawnCli(['network', 'inspect', '-f', '{{(index .IPAM.Config 0).Subnet}} {{index .Options "com.docker.network.driver.overlay.vxlanid_list"}}', ...Array.from({ length: 16 }, (_, i) => `n${i}`)], env);
    const lines = inspect.stdout.trim().split('\n');
    expect(lines).toHaveLength(16);
    expect(new Set(lines.map((l) => l.split(' ')[0])).size).toBe(16);
    expect(new Set(lines.map((l) => l.split(' ')[1])).size).toBe(16);
  }, 60_000);
});
