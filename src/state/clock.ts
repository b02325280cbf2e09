// The simulation's clock: DOCKERSIM_NOW fixes it for one process, so durations print stably.
export function now(env: NodeJS.ProcessEnv): Date {
  const fixed = env.DOCKERSIM_NOW;
  if (fixed) {
    const d = new Date(fixed);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return new Date();
}
