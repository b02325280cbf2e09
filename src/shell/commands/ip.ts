// `ip addr` / `ip link` / `ip route` in iproute2 (ip/ipaddress.c, ip/iproute.c) and busybox
// (networking/libiproute) layouts. Both print a space after every field, hence the trailing blanks
// ("group default ", "scope host ", "dev eth1 "); iproute2 omits "qlen 0" for veths.
import type { ContainerView } from '../types';
import { broadcastAddr, interfacesOf, routesOf, type Iface } from '../netinfo';
import { fail, ok, type CmdFactory } from './types';

type Style = 'iproute2' | 'busybox';

function linkHeader(i: Iface, style: Style, linkCmd: boolean): string {
  const name = i.loopback ? 'lo' : `${i.name}@if${i.peerIfindex}`;
  const flags = i.loopback ? 'LOOPBACK,UP,LOWER_UP' : 'BROADCAST,MULTICAST,UP,LOWER_UP';
  const state = i.loopback ? 'UNKNOWN' : 'UP';
  if (style === 'busybox') {
    // The veth peer lives in another namespace: busybox cannot see it is up and prints M-DOWN.
    const mdown = i.loopback ? '' : ',M-DOWN';
    return `${i.ifindex}: ${name}: <${flags}${mdown}> mtu ${i.mtu} qdisc noqueue state ${state} ${i.txqueuelen ? `qlen ${i.txqueuelen}` : ''}\n`;
  }
  return (
    `${i.ifindex}: ${name}: <${flags}> mtu ${i.mtu} qdisc noqueue state ${state} ` +
    `${linkCmd ? 'mode DEFAULT ' : ''}group default ${i.txqueuelen ? `qlen ${i.txqueuelen}` : ''}\n`
  );
}

function linkLine(i: Iface, style: Style): string {
  if (i.loopback) return '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n';
  return `    link/ether ${i.mac} brd ff:ff:ff:ff:ff:ff${style === 'iproute2' ? ' link-netnsid 0' : ''}\n`;
}

function addrLines(i: Iface, family: 4 | 6 | 0): string {
  let s = '';
  if (family !== 6) {
    const scope = i.loopback ? 'host' : 'global';
    const brd = i.loopback ? '' : `brd ${broadcastAddr(i.ip, i.prefixLen)} `;
    s += `    inet ${i.ip}/${i.prefixLen} ${brd}scope ${scope} ${i.name}\n`;
    s += '       valid_lft forever preferred_lft forever\n';
  }
  if (family !== 4 && i.inet6) {
    s += `    inet6 ${i.inet6.addr}/${i.inet6.prefixLen} scope host \n`;
    s += '       valid_lft forever preferred_lft forever\n';
  }
  return s;
}

export function formatIpAddr(view: ContainerView, style: Style, opts: { dev?: string; family?: 4 | 6 | 0 } = {}): string {
  const family = opts.family ?? 0;
  return interfacesOf(view)
    .filter((i) => !opts.dev || i.name === opts.dev)
    .filter((i) => family !== 6 || i.inet6)
    .map((i) => linkHeader(i, style, false) + linkLine(i, style) + addrLines(i, family))
    .join('');
}

export function formatIpLink(view: ContainerView, style: Style, dev?: string): string {
  return interfacesOf(view)
    .filter((i) => !dev || i.name === dev)
    .map((i) => linkHeader(i, style, true) + linkLine(i, style))
    .join('');
}

export function formatIpRoute(view: ContainerView, style: Style): string {
  return routesOf(view)
    .map((r) => {
      if (r.gateway) return `default via ${r.gateway} dev ${r.dev} \n`;
      const dst = `${r.dest}/${r.prefixLen}`;
      return style === 'busybox'
        ? `${dst} dev ${r.dev} scope link  src ${r.src} \n`
        : `${dst} dev ${r.dev} proto kernel scope link src ${r.src} \n`;
    })
    .join('');
}

function matches(word: string, full: string, min = 1): boolean {
  return word.length >= min && full.startsWith(word);
}

export const ip: CmdFactory = (env) => async (args) => {
  const style: Style = env.os.toolset === 'busybox' ? 'busybox' : 'iproute2';
  const err = (msg: string, code: number) => fail(style === 'busybox' ? `ip: ${msg}\n` : `${msg}\n`, code);
  let family: 0 | 4 | 6 = 0;
  const rest = [...args];
  while (rest[0]?.startsWith('-')) {
    const o = rest.shift()!;
    if (o === '-4') family = 4;
    else if (o === '-6') family = 6;
    else if (o === '-V' || o === '-Version') return ok(style === 'busybox' ? '' : 'ip utility, iproute2-6.1.0, libbpf 1.1.0\n');
    // other global options (-d, -s, -c…) do not change the layout we print
  }
  const object = rest.shift();
  if (!object) {
    return fail(
      style === 'busybox'
        ? 'BusyBox v1.37.0 multi-call binary.\n\nUsage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n'
        : 'Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n' +
            '       ip [ -force ] -batch filename\n' +
            'where  OBJECT := { address | addrlabel | fou | help | ila | ioam | l2tp | link |\n' +
            '                   macsec | maddress | monitor | mptcp | mroute | mrule |\n' +
            '                   neighbor | neighbour | netconf | netns | nexthop | ntable |\n' +
            '                   ntbl | route | rule | sr | stats | tap | tcpmetrics |\n' +
            '                   token | tunnel | tuntap | vrf | xfrm }\n',
      style === 'busybox' ? 1 : 255,
    );
  }
  const verb = rest[0];
  const isShow = !verb || ['show', 'list', 'lst', 'sh', 'ls', 'l'].includes(verb);
  const devArg = () => {
    const r = isShow && verb ? rest.slice(1) : rest;
    const i = r.indexOf('dev');
    return i >= 0 ? r[i + 1] : r.find((a) => a !== 'up');
  };
  const checkDev = (dev: string | undefined) =>
    dev && !interfacesOf(env.view).some((i) => i.name === dev)
      ? err(`Device "${dev}" does not exist.`, 1)
      : null;
  if (object === 'a' || matches(object, 'address', 2) || object === 'addr') {
    if (!isShow) return err('RTNETLINK answers: Operation not permitted', 2);
    const dev = devArg();
    return checkDev(dev) ?? ok(formatIpAddr(env.view, style, { dev, family }));
  }
  if (matches(object, 'link')) {
    if (!isShow) return err('RTNETLINK answers: Operation not permitted', 2);
    const dev = devArg();
    return checkDev(dev) ?? ok(formatIpLink(env.view, style, dev));
  }
  if (matches(object, 'route')) {
    if (!isShow) return err('RTNETLINK answers: Operation not permitted', 2);
    return ok(family === 6 ? '' : formatIpRoute(env.view, style));
  }
  if (matches(object, 'neighbour', 1) || object === 'neighbor') return ok(''); // nothing resolved yet
  return err(`Object "${object}" is unknown, try "ip help".`, style === 'busybox' ? 1 : 255);
};
