// id: root, with the supplementary groups /etc/group gives root.
import { fail, ok, type CmdEnv, type CmdFactory } from './types';

async function groupsOfRoot(env: CmdEnv): Promise<string> {
  let text = '';
  try {
    text = await env.fs.readFile('/etc/group');
  } catch {
    /* images without /etc/group */
  }
  const groups: [number, string][] = [[0, 'root']];
  for (const line of text.split('\n')) {
    const [name, , gid, members] = line.split(':');
    if (!name || gid === undefined) continue;
    const g = parseInt(gid, 10);
    if (g !== 0 && (members ?? '').split(',').includes('root')) groups.push([g, name]);
  }
  return groups.map(([g, n]) => `${g}(${n})`).join(',');
}

export const id: CmdFactory = (env) => async (args) => {
  const flags = args.filter((a) => a.startsWith('-')).join(' ');
  const name = /n/.test(flags.replace(/--\w+/g, '')) || flags.includes('--name');
  if (/-[a-z]*u|--user/.test(flags)) return ok(name ? 'root\n' : '0\n');
  if (/-[a-z]*g|--group/.test(flags)) return ok(name ? 'root\n' : '0\n');
  const operand = args.find((a) => !a.startsWith('-'));
  if (operand && operand !== 'root' && operand !== '0') {
    return fail(env.os.toolset === 'busybox' ? `id: unknown user ${operand}\n` : `id: '${operand}': no such user\n`);
  }
  return ok(`uid=0(root) gid=0(root) groups=${await groupsOfRoot(env)}\n`);
};
