/** Go's encoding/json writes map keys sorted; views pass every Go map through this. */
export function sorted<T>(m: Record<string, T> | null | undefined): Record<string, T> {
  const src = m ?? {};
  return Object.fromEntries(Object.keys(src).sort().map((k) => [k, src[k]]));
}
