// The PORTS column of `docker ps`: docker/cli's formatter DisplayablePorts, checked with the
// cases of its own TestDisplayablePorts (cli/command/formatter/container_test.go).
import { describe, it, expect } from '@jest/globals';
import { displayPorts } from '../src/format/container';
import { servicePorts } from '../src/format/service';

type P = { IP?: string; PrivatePort: number; PublicPort?: number; Type: string };
const cases: Array<[P[], string]> = [
  [[{ PrivatePort: 9988, Type: 'tcp' }], '9988/tcp'],
  [[{ PrivatePort: 9988, Type: 'udp' }], '9988/udp'],
  [[{ IP: '0.0.0.0', PrivatePort: 9988, Type: 'tcp' }], '0.0.0.0:0->9988/tcp'],
  [[{ IP: '::', PrivatePort: 9988, Type: 'tcp' }], '[::]:0->9988/tcp'],
  [[{ PrivatePort: 9988, PublicPort: 8899, Type: 'tcp' }], '9988/tcp'],
  [[{ IP: '4.3.2.1', PrivatePort: 9988, PublicPort: 8899, Type: 'tcp' }], '4.3.2.1:8899->9988/tcp'],
  [[{ IP: '4.3.2.1', PrivatePort: 9988, PublicPort: 9988, Type: 'tcp' }], '4.3.2.1:9988->9988/tcp'],
  [[{ PrivatePort: 9988, Type: 'udp' }, { PrivatePort: 9988, Type: 'udp' }], '9988/udp, 9988/udp'],
  [[{ IP: '1.2.3.4', PublicPort: 9998, PrivatePort: 9998, Type: 'udp' }, { IP: '1.2.3.4', PublicPort: 9999, PrivatePort: 9999, Type: 'udp' }], '1.2.3.4:9998-9999->9998-9999/udp'],
  [[{ IP: '1.2.3.4', PublicPort: 8887, PrivatePort: 9998, Type: 'udp' }, { IP: '1.2.3.4', PublicPort: 8888, PrivatePort: 9999, Type: 'udp' }], '1.2.3.4:8887->9998/udp, 1.2.3.4:8888->9999/udp'],
  [[{ PrivatePort: 9998, Type: 'udp' }, { PrivatePort: 9999, Type: 'udp' }], '9998-9999/udp'],
  [[{ IP: '1.2.3.4', PrivatePort: 6677, PublicPort: 7766, Type: 'tcp' }, { PrivatePort: 9988, PublicPort: 8899, Type: 'udp' }], '9988/udp, 1.2.3.4:7766->6677/tcp'],
  [
    [
      { IP: '1.2.3.4', PrivatePort: 9988, PublicPort: 8899, Type: 'udp' },
      { IP: '1.2.3.4', PrivatePort: 9988, PublicPort: 8899, Type: 'tcp' },
      { IP: '4.3.2.1', PrivatePort: 2233, PublicPort: 3322, Type: 'tcp' },
    ],
    '4.3.2.1:3322->2233/tcp, 1.2.3.4:8899->9988/tcp, 1.2.3.4:8899->9988/udp',
  ],
  [
    [
      { PrivatePort: 9988, PublicPort: 8899, Type: 'udp' },
      { IP: '1.2.3.4', PrivatePort: 6677, PublicPort: 7766, Type: 'tcp' },
      { IP: '4.3.2.1', PrivatePort: 2233, PublicPort: 3322, Type: 'tcp' },
    ],
    '9988/udp, 4.3.2.1:3322->2233/tcp, 1.2.3.4:7766->6677/tcp',
  ],
  [
    [
      { PrivatePort: 80, Type: 'tcp' },
      { PrivatePort: 1024, Type: 'tcp' },
      { PrivatePort: 80, Type: 'udp' },
      { PrivatePort: 1024, Type: 'udp' },
      { IP: '1.1.1.1', PublicPort: 80, PrivatePort: 1024, Type: 'tcp' },
      { IP: '1.1.1.1', PublicPort: 80, PrivatePort: 1024, Type: 'udp' },
      { IP: '1.1.1.1', PublicPort: 1024, PrivatePort: 80, Type: 'tcp' },
      { IP: '1.1.1.1', PublicPort: 1024, PrivatePort: 80, Type: 'udp' },
      { IP: '2.1.1.1', PublicPort: 80, PrivatePort: 1024, Type: 'tcp' },
      { IP: '2.1.1.1', PublicPort: 80, PrivatePort: 1024, Type: 'udp' },
      { IP: '2.1.1.1', PublicPort: 1024, PrivatePort: 80, Type: 'tcp' },
      { IP: '2.1.1.1', PublicPort: 1024, PrivatePort: 80, Type: 'udp' },
      { PrivatePort: 12345, Type: 'sctp' },
    ],
    '80/tcp, 80/udp, 1024/tcp, 1024/udp, 12345/sctp, 1.1.1.1:1024->80/tcp, 1.1.1.1:1024->80/udp, 2.1.1.1:1024->80/tcp, 2.1.1.1:1024->80/udp, 1.1.1.1:80->1024/tcp, 1.1.1.1:80->1024/udp, 2.1.1.1:80->1024/tcp, 2.1.1.1:80->1024/udp',
  ],
  // docker 28's pair of bindings per published port: IPv4 first ("0.0.0.0" < "::" byte-wise)
  [
    [
      { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
      { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
    ],
    '0.0.0.0:8080->80/tcp, [::]:8080->80/tcp',
  ],
];

describe('DisplayablePorts (docker/cli TestDisplayablePorts)', () => {
  for (const [ports, want] of cases) {
    it(want, () => {
      expect(displayPorts(ports)).toBe(want);
    });
  }
});

describe('service ls PORTS (docker/cli TestServiceContext_Ports)', () => {
  it('groups consecutive ingress ports per protocol, sorted by protocol then published port', () => {
    const P = (proto: string, t: number, p: number) => ({ Protocol: proto, TargetPort: t, PublishedPort: p, PublishMode: 'ingress' });
    const ports = [
      P('tcp', 80, 81), P('tcp', 80, 80), P('tcp', 95, 95), P('tcp', 90, 90), P('tcp', 91, 91), P('tcp', 92, 92), P('tcp', 93, 93), P('tcp', 94, 94),
      P('udp', 95, 95), P('udp', 90, 90), P('udp', 96, 96), P('udp', 91, 91), P('udp', 92, 92), P('udp', 93, 93), P('udp', 94, 94),
      P('tcp', 60, 60), P('tcp', 61, 61), P('tcp', 61, 62), P('sctp', 97, 97), P('sctp', 98, 98),
    ];
    expect(servicePorts(ports)).toBe('*:97-98->97-98/sctp, *:60-61->60-61/tcp, *:62->61/tcp, *:80-81->80/tcp, *:90-95->90-95/tcp, *:90-96->90-96/udp');
  });
});
