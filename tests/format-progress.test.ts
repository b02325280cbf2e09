import { describe, it, expect } from '@jest/globals';
import {
  ServiceProgress,
  convergenceMessages,
  progressBar,
  renderProgressPlain,
  renderProgressTTY,
  serviceProgress,
  type ProgressPoll,
} from '../src/format/progress';

// Expected outputs are copied from /work/shared/reference/docker-cli-output.md §4
// (`REF_<line>` = the fenced block starting at that line; cat -A views turned back into bytes).

type Json = Record<string, any>;

const catA = (s: string): string => s.replace(/\$\n/g, '\n');

const REF_1514 = "vwyu2ptyoh7ap6vt3yvzshq1z\noverall progress: 3 out of 3 tasks \n1/3: running   [==================================================>] \n2/3: running   [==================================================>] \n3/3: running   [==================================================>] \nverify: Service vwyu2ptyoh7ap6vt3yvzshq1z converged \n";
const REF_1522 = "vwyu2ptyoh7ap6vt3yvzshq1z$\noverall progress: 3 out of 3 tasks $\n1/3: running   [==================================================>] $\n2/3: running   [==================================================>] $\n3/3: running   [==================================================>] $\nverify: Service vwyu2ptyoh7ap6vt3yvzshq1z converged $\n";
const REF_1533 = "vwyu2ptyoh7ap6vt3yvzshq1z$\noverall progress: 3 out of 3 tasks $\n1/3: running   $\n2/3: running   $\n3/3: running   $\nverify: Service vwyu2ptyoh7ap6vt3yvzshq1z converged $\n";
const REF_1544 = "vwyu2ptyoh7ap6vt3yvzshq1z scaled to 3\noverall progress: 3 out of 3 tasks \n1/3: running   [==================================================>] \n2/3: running   [==================================================>] \n3/3: running   [==================================================>] \nverify: Service vwyu2ptyoh7ap6vt3yvzshq1z converged \n";

// §4.3, "Raw bytes for `docker service create nginx` (1 replica)" (Python repr, same escapes in JS).
const RAW_CREATE_NGINX = '\n\x1b[1A\x1b[2K\roverall progress: 0 out of 1 tasks \r\x1b[1B\n\x1b[1A\x1b[2K\r1/1:   \r\x1b[1B\x1b[2A\x1b[2K\roverall progress: 0 out of 1 tasks \r\x1b[2B\x1b[1A\x1b[2K\r1/1: preparing [=================================>                 ] \r\x1b[1B\x1b[2A\x1b[2K\roverall progress: 0 out of 1 tasks \r\x1b[2B\x1b[1A\x1b[2K\r1/1: running   [==================================================>] \r\x1b[1B\x1b[2A\x1b[2K\roverall progress: 1 out of 1 tasks \r\x1b[2B\n\x1b[1A\x1b[2K\rverify: Waiting 5 seconds to verify that tasks are stable... \r\x1b[1B\x1b[1A\x1b[2K\rverify: Waiting 5 seconds to verify that tasks are stable... \r\x1b[1B\x1b[1A\x1b[2K\rverify: Service vwyu2ptyoh7ap6vt3yvzshq1z converged \r\x1b[1B';

const ID = 'vwyu2ptyoh7ap6vt3yvzshq1z';

/** A minimal terminal: `\n` (to column 0 of the next line), `\r`, ESC[nA, ESC[nB, ESC[2K. */
function terminal(bytes: string): { lines: string[]; row: number; col: number } {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  const put = (ch: string) => {
    while (lines.length <= row) lines.push('');
    const l = lines[row].padEnd(col, ' ');
    lines[row] = l.slice(0, col) + ch + l.slice(col + 1);
    col++;
  };
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === '\n') {
      row++;
      col = 0;
    } else if (c === '\r') {
      col = 0;
    } else if (c === '\x1b') {
      const m = /^\x1b\[(\d*)([ABK])/.exec(bytes.slice(i));
      if (!m) throw new Error(`unsupported escape at ${i}: ${JSON.stringify(bytes.slice(i, i + 8))}`);
      const n = m[1] === '' ? 1 : Number(m[1]);
      if (m[2] === 'A') row = Math.max(0, row - n);
      else if (m[2] === 'B') row += n;
      else if (n === 2) lines[row] = '';
      else throw new Error(`unsupported erase ESC[${n}K`);
      i += m[0].length - 1;
    } else {
      put(c);
    }
    while (lines.length <= row) lines.push('');
  }
  return { lines, row, col };
}

/** The screen as text (each line + "\n"), dropping empty lines below the content. */
function screen(bytes: string): string {
  const { lines } = terminal(bytes);
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l + '\n').join('');
}

const replicatedService = (replicas: number): Json => ({
  ID,
  Spec: { Name: 'funny_easley', Mode: { Replicated: { Replicas: replicas } }, UpdateConfig: { Parallelism: 1, FailureAction: 'pause', Monitor: 5000000000, MaxFailureRatio: 0, Order: 'stop-first' } },
});
const NODE = 's8w2f6j1n0d5k9b3h7c4m2x1q';
const t = (slot: number, state: string, extra: Json = {}): Json => ({
  ID: `task${slot}`,
  ServiceID: ID,
  Slot: slot,
  NodeID: NODE,
  DesiredState: 'running',
  Status: { State: state, ...extra },
});

describe('TTY rendering (§4.3)', () => {
  it('docker service create nginx: the exact byte stream', () => {
    // Five polls as the CLI saw them: no task yet; preparing; running (converged, 5 s to
    // verify); still running 200 ms later; past the 5 s monitor period.
    const polls: ProgressPoll[] = [
      { at: 0, service: replicatedService(1), tasks: [], activeNodes: [NODE] },
      { at: 200, service: replicatedService(1), tasks: [t(1, 'preparing')], activeNodes: [NODE] },
      { at: 400, service: replicatedService(1), tasks: [t(1, 'running')], activeNodes: [NODE] },
      { at: 600, service: replicatedService(1), tasks: [t(1, 'running')], activeNodes: [NODE] },
      { at: 5400, service: replicatedService(1), tasks: [t(1, 'running')], activeNodes: [NODE] },
    ];
    const r = serviceProgress(ID, polls);
    expect(r.state).toBe('done');
    expect(renderProgressTTY(r.messages, 200)).toBe(RAW_CREATE_NGINX);
  });

  it('final screen, --replicas 3, terminal wider than 110 columns', () => {
    const msgs = convergenceMessages({ ref: ID, replicas: 3 });
    const bytes = `${ID}\n` + renderProgressTTY(msgs, 120);
    expect(screen(bytes)).toBe(REF_1514);
    expect(screen(bytes)).toBe(catA(REF_1522));
    // the cursor ends on the line after `verify:`
    expect(terminal(bytes).row).toBe(6);
    expect(terminal(bytes).col).toBe(0);
  });

  it('final screen, 80 columns: no bars, padding and separator space remain', () => {
    const bytes = `${ID}\n` + renderProgressTTY(convergenceMessages({ ref: ID, replicas: 3 }), 80);
    expect(screen(bytes)).toBe(catA(REF_1533));
  });

  it('service scale on a wide TTY', () => {
    const bytes = `${ID} scaled to 3\n` + renderProgressTTY(convergenceMessages({ ref: ID, replicas: 3 }), 150);
    expect(screen(bytes)).toBe(REF_1544);
  });

  it('bars per state (§4.2 table)', () => {
    const line = (state: string, n: number) => `1/3: ${state.padEnd(9)} ${progressBar(n, 9, 111)}`;
    expect(line('new', 1)).toBe('1/3: new       [=====>                                             ] ');
    expect(line('assigned', 4)).toBe('1/3: assigned  [======================>                            ] ');
    expect(line('preparing', 6)).toBe('1/3: preparing [=================================>                 ] ');
    expect(line('starting', 8)).toBe('1/3: starting  [============================================>      ] ');
    expect(line('running', 9)).toBe('1/3: running   [==================================================>] ');
    expect(progressBar(9, 9, 110)).toBe('');
  });
});

describe('plain rendering (§4.4, one line per change)', () => {
  it('3 replicas', () => {
    const msgs = convergenceMessages({
      ref: ID,
      replicas: 3,
      timeline: [[], ['preparing', 'preparing', 'assigned'], ['running', 'running', 'preparing'], ['running', 'running', 'running']],
    });
    // §4.4's transcript with the repeated poll lines left out.
    const expected = [
      'overall progress: 0 out of 3 tasks',
      '1/3:  ',
      '2/3:  ',
      '3/3:  ',
      'overall progress: 2 out of 3 tasks',
      'overall progress: 3 out of 3 tasks',
      'verify: Waiting 5 seconds to verify that tasks are stable...',
      'verify: Waiting 4 seconds to verify that tasks are stable...',
      'verify: Waiting 3 seconds to verify that tasks are stable...',
      'verify: Waiting 2 seconds to verify that tasks are stable...',
      'verify: Waiting 1 seconds to verify that tasks are stable...',
      'verify: Service vwyu2ptyoh7ap6vt3yvzshq1z converged',
    ];
    expect(renderProgressPlain(msgs)).toBe(expected.map((l) => l + '\n').join(''));
  });

  it('uncollapsed: every poll repeats overall/verify lines, 5 per countdown second (§4.4)', () => {
    const out = renderProgressPlain(convergenceMessages({ ref: ID, replicas: 3 }), { collapse: false });
    const lines = out.split('\n');
    for (const n of [5, 4, 3, 2, 1]) {
      expect(lines.filter((l) => l === `verify: Waiting ${n} seconds to verify that tasks are stable...`)).toHaveLength(5);
    }
    expect(lines.filter((l) => l.startsWith('1/3:'))).toEqual(['1/3:  ']);
    expect(lines.at(-2)).toBe('verify: Service vwyu2ptyoh7ap6vt3yvzshq1z converged');
  });
});

describe('message sequences (§4.2)', () => {
  it('more than 20 replicas: only the overall line', () => {
    const msgs = convergenceMessages({ ref: 'web', replicas: 21 });
    const ids = new Set(msgs.map((m) => m.id));
    expect([...ids]).toEqual(['overall progress', 'verify']);
  });

  it('global service: one line per node, 12-char node IDs; waiting for new tasks first', () => {
    const nodes = ['4b3l0x7j5tq2yqsbpcm3o7ahx', 'lq0m3u9v1rhk6c2y8x5w7z4pa', 's8w2f6j1n0d5k9b3h7c4m2x1q'];
    const msgs = convergenceMessages({ ref: 'monitor', nodeIds: nodes });
    expect(msgs[0]).toEqual({ id: 'overall progress', text: 'waiting for new tasks' });
    const bytes = renderProgressTTY(msgs, 80);
    expect(screen(bytes)).toBe(
      [
        'overall progress: 3 out of 3 tasks ',
        '4b3l0x7j5tq2: running   ',
        'lq0m3u9v1rhk: running   ',
        's8w2f6j1n0d5: running   ',
        'verify: Service monitor converged ',
      ].map((l) => l + '\n').join(''),
    );
  });

  it('rollback: rolling back update lines and the daemon message', () => {
    const msgs = convergenceMessages({ ref: 'web', replicas: 2, rollback: 'manually requested rollback' });
    const plain = renderProgressPlain(msgs);
    expect(plain.split('\n').slice(0, 4)).toEqual([
      'rollback: manually requested rollback',
      'overall progress: rolling back update: 0 out of 2 tasks',
      '1/2:  ',
      '2/2:  ',
    ]);
    expect(plain).toContain('overall progress: rolling back update: 2 out of 2 tasks\n');
    expect(plain.endsWith('verify: Service web converged\nrollback: rollback completed\n')).toBe(true);
  });

  it('task errors: newlines flattened, cut to 74 bytes + …', () => {
    const err = 'starting container failed: error creating mount\nsource path "/nope": no such file or directory';
    const sp = new ServiceProgress('web');
    sp.poll({ at: 0, service: replicatedService(1), tasks: [t(1, 'rejected', { Err: err })], activeNodes: [NODE] });
    const line = sp.messages.find((m) => m.id === '1/1' && m.text !== ' ');
    expect(line?.text).toBe(err.replace('\n', ' ').slice(0, 74) + '…');
  });

  it('paused update ends with an error', () => {
    const svc = { ...replicatedService(1), UpdateStatus: { State: 'paused', Message: 'update paused due to failure or early termination of task x' } };
    const r = serviceProgress('web', [{ at: 0, service: svc, tasks: [], activeNodes: [] }]);
    expect(r.state).toBe('error');
    expect(r.error).toBe('service update paused: update paused due to failure or early termination of task x');
  });

  it('Ctrl-C before convergence', () => {
    const sp = new ServiceProgress('web');
    sp.poll({ at: 0, service: replicatedService(1), tasks: [], activeNodes: [] });
    sp.interrupt();
    expect(renderProgressPlain(sp.messages).split('\n').slice(-3)).toEqual([
      'Operation continuing in background.',
      'Use `docker service ps web` to check progress.',
      '',
    ]);
  });
});
