import { describe, it, expect } from '@jest/globals';
import * as fs from 'fs';
import * as path from 'path';
import { CLIENT_28_2_2, formatVersion, type ClientVersion, type ServerVersion } from '../src/format/version';

// Expected outputs come from:
//  - fixtures/golden/info/docker-client-version.golden: docker/cli v28.2.2
//    cli/command/system/testdata (input transcribed from version_test.go
//    TestVersionFormat);
//  - fixtures/golden/info/docker-version-client.{txt,json}: the real docker
//    28.2.2 binary without a daemon (`docker version`, and
//    `docker version --format '{{json .Client}}'`), stdin from /dev/null;
//  - fixtures/golden/info/real/version-*: the real binary against a fake
//    Engine API endpoint serving version-*.input.json (real/capture.cjs).

const GOLDEN = path.join(__dirname, '..', 'fixtures', 'golden', 'info');
const REAL = path.join(GOLDEN, 'real');
const golden = (name: string): string => fs.readFileSync(path.join(GOLDEN, name), 'utf8');
const real = (name: string): string => fs.readFileSync(path.join(REAL, name), 'utf8');

describe('formatVersion: docker/cli v28.2.2 TestVersionFormat golden', () => {
  it('default template', () => {
    const client: ClientVersion = {
      Version: '18.99.5-ce',
      ApiVersion: '1.38',
      DefaultAPIVersion: '1.38',
      GitCommit: 'deadbeef',
      GoVersion: 'go1.10.2',
      Os: 'linux',
      Arch: 'amd64',
      BuildTime: 'Wed May 30 22:21:05 2018',
      Context: 'my-context',
    };
    const server: ServerVersion = {
      Platform: { Name: 'Docker Enterprise Edition (EE) 2.0' },
      Version: '',
      ApiVersion: '',
      GitCommit: '',
      GoVersion: '',
      Os: '',
      Arch: '',
      Components: [
        {
          Name: 'Engine',
          Version: '17.06.2-ee-15',
          Details: {
            ApiVersion: '1.30',
            MinAPIVersion: '1.12',
            GitCommit: '64ddfa6',
            GoVersion: 'go1.8.7',
            Os: 'linux',
            Arch: 'amd64',
            BuildTime: 'Mon Jul  9 23:38:38 2018',
            Experimental: 'false',
          },
        },
        {
          Name: 'Universal Control Plane',
          Version: '17.06.2-ee-15',
          Details: {
            Version: '3.0.3-tp2',
            ApiVersion: '1.30',
            Arch: 'amd64',
            BuildTime: 'Mon Jul  2 21:24:07 UTC 2018',
            GitCommit: '4513922',
            GoVersion: 'go1.9.4',
            MinApiVersion: '1.20',
            Os: 'linux',
          },
        },
        {
          Name: 'Kubernetes',
          Version: '1.8+',
          Details: {
            buildDate: '2018-04-26T16:51:21Z',
            compiler: 'gc',
            gitCommit: '8d637aedf46b9c21dde723e29c645b9f27106fa5',
            gitTreeState: 'clean',
            gitVersion: 'v1.8.11-docker-8d637ae',
            goVersion: 'go1.8.3',
            major: '1',
            minor: '8+',
            platform: 'linux/amd64',
          },
        },
        {
          Name: 'Calico',
          Version: 'v3.0.8',
          Details: {
            cni: 'v2.0.6',
            'kube-controllers': 'v2.0.5',
            node: 'v3.0.8',
          },
        },
      ],
    };
    expect(formatVersion(client, server)).toBe(golden('docker-client-version.golden'));
  });
});

describe('formatVersion: real docker 28.2.2 binary', () => {
  it('CLIENT_28_2_2 matches `docker version --format {{json .Client}}`', () => {
    expect(CLIENT_28_2_2).toEqual(JSON.parse(golden('docker-version-client.json')));
  });

  it('no daemon: only the Client block', () => {
    expect(formatVersion(CLIENT_28_2_2, null)).toBe(golden('docker-version-client.txt'));
  });

  it('Docker Engine - Community server with containerd, runc and docker-init', () => {
    const server = JSON.parse(real('version-server.input.json')) as ServerVersion;
    expect(real('version-server.exitcode').trim()).toBe('0');
    expect(real('version-server.stderr')).toBe('');
    expect(formatVersion(CLIENT_28_2_2, server)).toBe(real('version-server.stdout'));
  });

  it('negotiated-down API version, legacy server without an Engine component, wide columns', () => {
    const server = JSON.parse(real('version-legacy-downgraded.input.json')) as ServerVersion;
    const negotiated = real('version-legacy-downgraded.api-version').trim();
    expect(real('version-legacy-downgraded.exitcode').trim()).toBe('0');
    expect(real('version-legacy-downgraded.stderr')).toBe('');
    expect(formatVersion({ ...CLIENT_28_2_2, ApiVersion: negotiated }, server)).toBe(
      real('version-legacy-downgraded.stdout'),
    );
  });

  it('does not mutate the server object', () => {
    const server = JSON.parse(real('version-server.input.json')) as ServerVersion;
    const before = JSON.stringify(server);
    formatVersion(CLIENT_28_2_2, server);
    expect(JSON.stringify(server)).toBe(before);
  });
});
