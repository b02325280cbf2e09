// fvbommel/sortorder.NaturalLess: digit runs compare numerically (net2 < net10).
export function naturalLess(a: string, b: string): boolean {
  return naturalCompare(a, b) < 0;
}

export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  const isDigit = (c: string) => c >= '0' && c <= '9';
  while (i < a.length && j < b.length) {
    const ca = a[i];
    const cb = b[j];
    if (isDigit(ca) && isDigit(cb)) {
      let ei = i;
      while (ei < a.length && a[ei] === '0') ei++;
      let ej = j;
      while (ej < b.length && b[ej] === '0') ej++;
      let ni = ei;
      while (ni < a.length && isDigit(a[ni])) ni++;
      let nj = ej;
      while (nj < b.length && isDigit(b[nj])) nj++;
      const da = a.slice(ei, ni);
      const db = b.slice(ej, nj);
      if (da.length !== db.length) return da.length - db.length;
      if (da !== db) return da < db ? -1 : 1;
      // equal numbers: fewer leading zeros first
      if (ei - i !== ej - j) return ei - i - (ej - j);
      i = ni;
      j = nj;
      continue;
    }
    if (ca !== cb) return ca < cb ? -1 : 1;
    i++;
    j++;
  }
  return a.length - i - (b.length - j);
}

export function naturalSortBy<T>(items: T[], key: (t: T) => string): T[] {
  return [...items].sort((x, y) => naturalCompare(key(x), key(y)));
}
