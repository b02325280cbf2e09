// `docker network ls` rows (cli/command/network/formatter.go).
import { GO_TYPE } from './template/values';
import { goTimeString } from '../engine/time';

type Json = Record<string, any>;

export const NETWORK_TABLE = 'table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}';
export const NETWORK_HEADERS = {
  ID: 'NETWORK ID',
  Name: 'NAME',
  Driver: 'DRIVER',
  Scope: 'SCOPE',
  IPv4: 'IPV4',
  IPv6: 'IPV6',
  Internal: 'INTERNAL',
  Labels: 'LABELS',
  CreatedAt: 'CREATED AT',
};

export function truncId(id: string): string {
  const i = id.indexOf(':');
  return (i >= 0 ? id.slice(i + 1) : id).slice(0, 12);
}

export function labelsText(labels: Record<string, string> | null | undefined): string {
  return Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** The row context docker's templates see (`{{.ID}}`, `{{.Label "k"}}`, …). */
export function networkRow(n: Json, trunc: boolean): Json {
  return {
    [GO_TYPE]: '*network.networkContext',
    ID: trunc ? truncId(n.Id) : n.Id,
    Name: n.Name,
    Driver: n.Driver,
    Scope: n.Scope,
    IPv4: String(n.EnableIPv4 ?? true),
    IPv6: String(n.EnableIPv6),
    Internal: String(n.Internal),
    Labels: labelsText(n.Labels),
    Label: (k: string) => (n.Labels ?? {})[k] ?? '',
    CreatedAt: goTimeString(n.Created),
  };
}
