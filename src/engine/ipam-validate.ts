// The daemon's IPAM validation (moby api/types/network/ipam.go ValidateIPAM): every problem
// found, joined as docker's multierror does.
import type { IpamConfig } from '../state/schema';
import { contains, formatPrefix, masked, overlaps, parseAddr, parsePrefix } from './ip';

function isV6(s: string) {
  return s.includes(':');
}

export function validateIpam(configs: IpamConfig[]): string | null {
  const errs: string[] = [];
  for (const cfg of configs) {
    const subnet = parsePrefix(cfg.Subnet);
    if (!subnet) {
      if (!isV6(cfg.Subnet)) errs.push(`invalid subnet ${cfg.Subnet}: invalid CIDR block notation`);
      else errs.push(`invalid subnet ${cfg.Subnet}: IPv6 subnets are not simulated`);
      continue;
    }
    const m = masked(subnet);
    if (m.addr !== subnet.addr) errs.push(`invalid subnet ${formatPrefix(subnet)}: it should be ${formatPrefix(m)}`);
    if (cfg.IPRange) {
      const r = parsePrefix(cfg.IPRange);
      if (!r) errs.push(`invalid ip-range ${cfg.IPRange}: invalid CIDR block notation`);
      else {
        if (r.bits < subnet.bits) errs.push(`invalid ip-range ${cfg.IPRange}: CIDR block is bigger than its parent subnet ${formatPrefix(subnet)}`);
        if (masked(r).addr !== r.addr) errs.push(`invalid ip-range ${formatPrefix(r)}: it should be ${formatPrefix(masked(r))}`);
        if (!overlaps(subnet, r)) errs.push(`invalid ip-range ${cfg.IPRange}: parent subnet ${formatPrefix(subnet)} doesn't contain ip-range`);
      }
    }
    if (cfg.Gateway) {
      const g = parseAddr(cfg.Gateway);
      if (g === null) errs.push(`invalid gateway ${cfg.Gateway}: invalid address`);
      else if (!contains(subnet, g)) errs.push(`invalid gateway ${cfg.Gateway}: parent subnet ${formatPrefix(subnet)} doesn't contain this address`);
    }
  }
  if (!errs.length) return null;
  return 'invalid network config:\n' + (errs.length === 1 ? errs[0] : '* ' + errs.join('\n* '));
}
