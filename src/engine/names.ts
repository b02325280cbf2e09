// moby's names-generator (docker-cli-output.md §6.3, Appendix A).
import { fixtureJson } from '../fixtures';
import type { Rng } from '../state/rng';

/** `adjective_surname`; with `retry` > 0 a random digit is appended (containers' retries). */
export function randomName(rng: Rng, retry: number): string {
  const { left, right } = fixtureJson<{ left: string[]; right: string[] }>('names.json');
  for (;;) {
    const name = `${rng.pick(left)}_${rng.pick(right)}`;
    if (name === 'boring_wozniak') continue;
    return retry > 0 ? `${name}${rng.int(10)}` : name;
  }
}
