// docker context ls|use|show|inspect over dockersim's machines (one context per machine).
import type { CommandDef, CommandContext } from './command';
import { CliError } from './command';
import { formatRows } from '../format/formatter';
import { GO_TYPE } from '../format/template/index';
import { indentJson, escapeHtml } from '../format/json';
import type { Machine } from '../state/schema';
import { contextNotFound, resolveContext } from '../client';

const CONTEXT_TABLE = 'table {{.Name}}{{if .Current}} *{{end}}\t{{.Description}}\t{{.DockerEndpoint}}\t{{.Error}}';
const CONTEXT_HEADERS = { Name: 'NAME', Current: '', Description: 'DESCRIPTION', DockerEndpoint: 'DOCKER ENDPOINT', Error: 'ERROR' };

function endpoint(m: Machine): string {
  return `ssh://${m.user}@${m.ip}`;
}

function description(m: Machine): string {
  return `dockersim machine ${m.name} (${m.ip})`;
}

async function current(ctx: CommandContext) {
  return ctx.client((c) => ({ machines: c.machineList(), current: resolveContext(c.state, undefined, ctx.env) }));
}

const ls: CommandDef = {
  path: 'context ls',
  args: 'none',
  async run(ctx) {
    const { machines, current: cur } = await current(ctx);
    const rows = machines.map((m) => ({
      [GO_TYPE]: '*context.ClientContext',
      Name: m.name,
      Current: m.name === cur,
      Description: description(m),
      DockerEndpoint: endpoint(m),
      Error: '',
    }));
    rows.sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
    const format = ctx.bool('quiet') && !ctx.str('format') ? '{{.Name}}' : ctx.str('format');
    ctx.io.out(formatRows({ format, defaultFormat: CONTEXT_TABLE, headers: CONTEXT_HEADERS }, rows));
  },
};

const use: CommandDef = {
  path: 'context use',
  args: 'any',
  async run(ctx) {
    if (ctx.args.length !== 1) throw new CliError(`accepts 1 arg(s), received ${ctx.args.length}`);
    const name = ctx.args[0];
    await ctx.client((c) => c.contextUse(name === 'default' ? c.machineList()[0].name : name));
    ctx.io.out(name + '\n');
    ctx.io.err(`Current context is now "${name}"\n`);
  },
};

const show: CommandDef = {
  path: 'context show',
  args: 'none',
  async run(ctx) {
    const { current: cur } = await current(ctx);
    ctx.io.out(cur + '\n');
  },
};

const inspect: CommandDef = {
  path: 'context inspect',
  args: 'any',
  async run(ctx) {
    const { machines, current: cur } = await current(ctx);
    const names = ctx.args.length ? ctx.args : [cur];
    const found = [];
    for (const name of names) {
      const m = machines.find((x) => x.name === name);
      if (!m) {
        if (!found.length) ctx.io.out('[]\n');
        throw new CliError(contextNotFound(name, ctx.env));
      }
      found.push({
        Name: m.name,
        Metadata: { Description: description(m) },
        Endpoints: { docker: { Host: endpoint(m), SkipTLSVerify: false } },
        TLSMaterial: {},
        Storage: { MetadataPath: '<IN MEMORY>', TLSPath: '<IN MEMORY>' },
      });
    }
    ctx.io.out(escapeHtml(indentJson(found)) + '\n');
  },
};

export const contextCommands = [ls, use, show, inspect];
