// The machine every simulated engine runs on, as the reference daemon reported it
// (engine-api-calls.md: Ubuntu 24.04.2 LTS, kernel 6.8.0-60-generic). Containers share the
// node's kernel, so `uname -r`, /proc/version, start-up logs and `docker info` agree.
export const HOST = {
  kernel: '6.8.0-60-generic',
  operatingSystem: 'Ubuntu 24.04.2 LTS',
  osVersion: '24.04',
} as const;
