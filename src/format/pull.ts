// The daemon's pull stream as the CLI's jsonmessage renders it (docker-cli-output.md §5.6):
// one line per message when not a terminal; on a terminal the final screen, where each layer's
// line shows its last status followed by a space.
import type { PullMessage } from '../engine/images-local';

export function renderPull(messages: PullMessage[], tty: boolean): string {
  if (!tty) return messages.map((m) => (m.id ? `${m.id}: ${m.status}\n` : `${m.status}\n`)).join('');
  const order: string[] = [];
  const last = new Map<string, string>();
  let out = '';
  const flush = () => {
    for (const id of order) out += `${id}: ${last.get(id)} \n`;
    order.length = 0;
    last.clear();
  };
  messages.forEach((m, i) => {
    if (!m.id) {
      flush();
      out += `${m.status}\n`;
      return;
    }
    if (i === 0 || /^Pulling from /.test(m.status)) {
      flush();
      out += `${m.id}: ${m.status}\n`;
      return;
    }
    if (!last.has(m.id)) order.push(m.id);
    last.set(m.id, m.status);
  });
  flush();
  return out;
}
