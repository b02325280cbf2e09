// What the dockersamples/visualizer task serves: a page with one column per node and a card per
// running task (like the real visualizer), plus a network view, refreshed live from `/data`.
// Pure: it reads the state it is given and returns the HTTP reply.
import type { State } from '../state/schema';

export interface WebReply {
  status: number;
  type: string;
  body: string;
}

interface Snapshot {
  nodes: Array<{ id: string; hostname: string; role: string; availability: string; status: string; ip: string }>;
  tasks: Array<{ id: string; name: string; service: string; node: string; state: string; desired: string; image: string; addresses: Array<{ network: string; addr: string }> }>;
  networks: Array<{ id: string; name: string; subnet: string; gateway: string; vxlan: string; ingress: boolean }>;
}

export function snapshot(state: State): Snapshot {
  const swarm = state.swarm;
  if (!swarm) return { nodes: [], tasks: [], networks: [] };
  const netName = (id: string) => swarm.networks.find((n) => n.id === id)?.name ?? id;
  const nodes = swarm.nodes.map((n) => ({
    id: n.id,
    hostname: n.machine,
    role: n.role,
    availability: n.availability,
    status: n.status === 'down' || !state.machines.some((m) => m.name === n.machine) ? 'down' : 'ready',
    ip: state.machines.find((m) => m.name === n.machine)?.ip ?? '',
  }));
  const tasks = swarm.tasks
    .filter((t) => t.desired === 'running' && t.node)
    .map((t) => {
      const svc = swarm.services.find((s) => s.id === t.service);
      const name = svc ? `${svc.spec.Name}.${t.slot || t.node}` : t.id;
      const image = String(svc?.spec.TaskTemplate?.ContainerSpec?.Image ?? '').replace(/@sha256:[0-9a-f]+$/, '');
      return { id: t.id, name, service: svc?.spec.Name ?? '', node: t.node, state: t.state, desired: t.desired, image, addresses: t.nets.map((a) => ({ network: netName(a.net), addr: a.addr })) };
    });
  const networks = swarm.networks.map((n) => ({
    id: n.id,
    name: n.name,
    subnet: n.alloc?.ipam[0]?.Subnet ?? '',
    gateway: n.alloc?.ipam[0]?.Gateway ?? '',
    vxlan: n.options['com.docker.network.driver.overlay.vxlanid_list'] ?? '',
    ingress: n.ingress,
  }));
  return { nodes, tasks, networks };
}

// The page itself is the real visualizer's index.html (routing/http.ts serves it: a `#app` div and
// `app.js`); this app.js renders the cluster into it and polls `/data` every second.
const APP_JS = `(function () {
  const css = 'body{font-family:Helvetica,Arial,sans-serif;margin:0;color:#222}' +
    '#bar{color:#fff;padding:10px 18px;font-size:18px}#bar a{color:#cfe3f0;margin-left:18px;font-size:14px;cursor:pointer}' +
    '#nodes{display:flex;gap:14px;padding:16px;align-items:flex-start}' +
    '.node{background:#fff;border-radius:6px;min-width:230px;box-shadow:0 1px 3px rgba(0,0,0,.3)}' +
    '.node h2{margin:0;padding:10px;font-size:16px;border-bottom:1px solid #ddd}' +
    '.node .meta{font-size:12px;color:#666;padding:4px 10px 8px}' +
    '.node.drain h2,.node.pause h2{background:#f3d9a4}.node.down h2{background:#e8b4b4}' +
    '.card{margin:8px;padding:8px;border-radius:4px;color:#fff;font-size:13px}.card .state{font-size:11px;opacity:.85}' +
    'table{border-collapse:collapse;margin:16px;background:#fff}td,th{border:1px solid #ccc;padding:4px 10px;font-size:13px;text-align:left}' +
    '#networks{display:none}';
  const style = document.createElement('style');
  style.textContent = css;
  document.head.appendChild(style);
  const app = document.getElementById('app');
  app.innerHTML = '<div id="bar">Visualizer <a id="show-nodes">Nodes</a><a id="show-networks">Networks</a></div><div id="nodes"></div><div id="networks"></div>';
  const nodes = document.getElementById('nodes');
  const networks = document.getElementById('networks');
  const palette = ['#2e86c1', '#28b463', '#ca6f1e', '#884ea0', '#c0392b', '#148f77', '#5d6d7e', '#b7950b'];
  const colour = (s) => palette[[...s].reduce((a, c) => a + c.charCodeAt(0), 0) % palette.length];
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  function render(d) {
    nodes.innerHTML = d.nodes.map((n) => {
      const cards = d.tasks.filter((t) => t.node === n.id).map((t) =>
        '<div class="card" data-task="' + esc(t.name) + '" style="background:' + colour(t.service) + '"><b>' + esc(t.name) + '</b><br>' + esc(t.image) + '<div class="state">' + esc(t.state) + '</div></div>').join('');
      const cls = n.status === 'down' ? 'down' : n.availability;
      return '<div class="node ' + cls + '" data-node="' + esc(n.hostname) + '" data-availability="' + esc(n.availability) + '"><h2>' + esc(n.hostname) + '</h2><div class="meta">' + esc(n.role) + ' · ' + esc(n.availability) + ' · ' + esc(n.status) + ' · ' + esc(n.ip) + '</div>' + cards + '</div>';
    }).join('');
    const rows = d.networks.map((n) => {
      const tasks = d.tasks.flatMap((t) => t.addresses.filter((a) => a.network === n.name).map((a) => esc(t.name) + ' ' + esc(a.addr)));
      return '<tr data-network="' + esc(n.name) + '"><td>' + esc(n.name) + '</td><td>' + esc(n.subnet) + '</td><td>' + esc(n.gateway) + '</td><td>' + esc(n.vxlan) + '</td><td>' + tasks.join('<br>') + '</td></tr>';
    }).join('');
    networks.innerHTML = '<table><tr><th>Network</th><th>Subnet</th><th>Gateway</th><th>VXLAN ID</th><th>Tasks</th></tr>' + rows + '</table>';
  }
  async function refresh() {
    try { render(await (await fetch('data', { cache: 'no-store' })).json()); } catch (e) { /* the next poll retries */ }
  }
  document.getElementById('show-nodes').onclick = () => { nodes.style.display = 'flex'; networks.style.display = 'none'; };
  document.getElementById('show-networks').onclick = () => { nodes.style.display = 'none'; networks.style.display = 'block'; };
  refresh();
  setInterval(refresh, 1000);
})();
`;

/** The visualizer app's reply for its assets (`/app.js`, `/data`); undefined for other paths. */
export function visualizerAsset(state: State, path: string): WebReply | undefined {
  const p = path.split('?')[0];
  if (p === '/app.js') return { status: 200, type: 'application/javascript; charset=UTF-8', body: APP_JS };
  if (p === '/data') return { status: 200, type: 'application/json; charset=utf-8', body: JSON.stringify(snapshot(state)) };
  return undefined;
}
