// ifconfig in three layouts:
// * net-tools 1.60 as packaged by Debian/Ubuntu ≤ 16.04 (the seed's image): lib/interface.c ife_print_long,
//   "Link encap:" lines; byte counts in decimal units ("3.3 KB", as the seed shows for 3347 bytes).
// * net-tools 2.x (Debian ≥ 9, Ubuntu ≥ 18.04): "eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1450".
// * busybox networking/interface.c: the 1.60 layout with upper-case MACs and binary units ("3.2 KiB").
// Trailing blanks are the tools' own: "HWaddr %s  ", "Link encap:%s  ", "txqueuelen:%d ".
import type { IfconfigStyle } from '../flavor';
import { broadcastAddr, interfacesOf, naturalCompare, netmask, type Iface } from '../netinfo';
import { fail, ok, type CmdFactory } from './types';

/** Debian's net-tools 1.60: decimal units, one decimal, truncated (3347 → "3.3 KB", 0 → "0.0 B"). */
function bytesDecimal(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let k = 0;
  while (k < units.length - 1 && n > 1000 ** (k + 1)) k++;
  const tenths = Math.floor((n * 10) / 1000 ** k);
  return `${Math.floor(tenths / 10)}.${tenths % 10} ${units[k]}`;
}

/** net-tools 2.x: binary units when strictly above the threshold (3347 → "3.2 KiB"). */
function bytesBinary2(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let k = 0;
  while (k < units.length - 1 && n > 1024 ** (k + 1)) k++;
  const tenths = Math.floor((n * 10) / 1024 ** k);
  return `${Math.floor(tenths / 10)}.${tenths % 10} ${units[k]}`;
}

/** busybox print_bytes_scaled: divides while >= 1024, fraction from the remainder of the last step. */
function bytesBusybox(n: number): string {
  const ext = ['', 'Ki', 'Mi', 'Gi', 'Ti'];
  let intPart = n;
  let frac = 0;
  let e = 0;
  for (let i = 0; i < 4; i++) {
    if (intPart >= 1024) {
      frac = Math.floor(((intPart % 1024) * 10) / 1024);
      intPart = Math.floor(intPart / 1024);
      e++;
    }
  }
  return `${intPart}.${frac} ${ext[e]}B`;
}

function pad(s: string, w: number): string {
  return s.length >= w ? s.slice(0, w) : s + ' '.repeat(w - s.length);
}

function flagWords(i: Iface): string[] {
  return i.loopback ? ['UP', 'LOOPBACK', 'RUNNING'] : ['UP', 'BROADCAST', 'RUNNING', 'MULTICAST'];
}

function oldLayout(i: Iface, busybox: boolean): string {
  const bytes = busybox ? bytesBusybox : bytesDecimal;
  let s = `${pad(i.name, 9)} Link encap:${i.loopback ? 'Local Loopback' : 'Ethernet'}  `;
  if (!i.loopback) s += `HWaddr ${busybox ? i.mac.toUpperCase() : i.mac}  `;
  s += '\n';
  s += `          inet addr:${i.ip} `;
  if (!i.loopback) s += ` Bcast:${broadcastAddr(i.ip, i.prefixLen)} `;
  s += ` Mask:${netmask(i.prefixLen)}\n`;
  if (i.inet6) s += `          inet6 addr: ${i.inet6.addr}/${i.inet6.prefixLen} Scope:Host\n`;
  s += `          ${flagWords(i).map((f) => f + ' ').join('')} MTU:${i.mtu}  Metric:1\n`;
  s += `          RX packets:${i.rxPackets} errors:0 dropped:0 overruns:0 frame:0\n`;
  s += `          TX packets:${i.txPackets} errors:0 dropped:0 overruns:0 carrier:0\n`;
  s += `          collisions:0 txqueuelen:${i.txqueuelen} \n`;
  s += `          RX bytes:${i.rxBytes} (${bytes(i.rxBytes)})  TX bytes:${i.txBytes} (${bytes(i.txBytes)})\n`;
  return s + '\n';
}

function newLayout(i: Iface): string {
  const flags = i.loopback ? 73 : 4163;
  let s = `${i.name}: flags=${flags}<${flagWords(i).join(',')}>  mtu ${i.mtu}\n`;
  s += `        inet ${i.ip}  netmask ${netmask(i.prefixLen)}`;
  if (!i.loopback) s += `  broadcast ${broadcastAddr(i.ip, i.prefixLen)}`;
  s += '\n';
  if (i.inet6) s += `        inet6 ${i.inet6.addr}  prefixlen ${i.inet6.prefixLen}  scopeid 0x10<host>\n`;
  s += i.loopback
    ? `        loop  txqueuelen ${i.txqueuelen}  (Local Loopback)\n`
    : `        ether ${i.mac}  txqueuelen ${i.txqueuelen}  (Ethernet)\n`;
  s += `        RX packets ${i.rxPackets}  bytes ${i.rxBytes} (${bytesBinary2(i.rxBytes)})\n`;
  s += `        RX errors 0  dropped 0  overruns 0  frame 0\n`;
  s += `        TX packets ${i.txPackets}  bytes ${i.txBytes} (${bytesBinary2(i.txBytes)})\n`;
  s += `        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n`;
  return s + '\n';
}

export function formatIfconfig(ifaces: Iface[], style: IfconfigStyle): string {
  const sorted = [...ifaces].sort((a, b) =>
    style === 'busybox' ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : naturalCompare(a.name, b.name),
  );
  return sorted.map((i) => (style === 'nettools-2' ? newLayout(i) : oldLayout(i, style === 'busybox'))).join('');
}

export const ifconfig: CmdFactory = (env) => async (args) => {
  const style = env.os.ifconfig;
  const prefix = style === 'busybox' ? 'ifconfig: ' : '';
  const operands = args.filter((a) => !/^-[avs]$/.test(a));
  const ifaces = interfacesOf(env.view);
  if (operands.length === 0) return ok(formatIfconfig(ifaces, style));
  const name = operands[0];
  const one = ifaces.find((i) => i.name === name);
  if (!one) return fail(`${prefix}${name}: error fetching interface information: Device not found\n`);
  if (operands.length === 1) return ok(formatIfconfig([one], style));
  // Changing anything needs CAP_NET_ADMIN, which containers do not have.
  const rest = operands.slice(1);
  const ioctl = rest.includes('mtu') ? 'SIOCSIFMTU' : rest.every((a) => a === 'up' || a === 'down') ? 'SIOCSIFFLAGS' : 'SIOCSIFADDR';
  return fail(`${prefix}${ioctl}: Operation not permitted\n`);
};
