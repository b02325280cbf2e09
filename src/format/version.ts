// `docker version` output, reproducing docker/cli v28.2.2
// cli/command/system/version.go: the default template rendered through a
// text/tabwriter (minwidth 20, tabwidth 1, padding 1, pad char ' ', no flags),
// followed by a final newline.

/** The client half of `docker version` (`docker version --format '{{json .Client}}'`). */
export interface ClientVersion {
  Platform?: { Name: string } | null;
  Version: string;
  ApiVersion: string;
  DefaultAPIVersion: string;
  GitCommit: string;
  GoVersion: string;
  Os: string;
  Arch: string;
  BuildTime: string;
  Context: string;
}

/** One entry of `Components` in the Engine API `GET /version` response. */
export interface ComponentVersion {
  Name: string;
  Version: string;
  Details?: Record<string, string> | null;
}

/** Engine API `GET /version` response (moby v28.2.2 api/types.Version). */
export interface ServerVersion {
  Platform?: { Name: string } | null;
  Components?: ComponentVersion[] | null;
  Version: string;
  ApiVersion: string;
  MinAPIVersion?: string;
  GitCommit: string;
  GoVersion: string;
  Os: string;
  Arch: string;
  KernelVersion?: string;
  Experimental?: boolean;
  BuildTime?: string;
}

/**
 * The client values of the real docker 28.2.2 static binary, as printed by
 * `docker version --format '{{json .Client}}'` (no platform name is compiled
 * into that build, so there is no `Platform`).
 */
export const CLIENT_28_2_2: ClientVersion = {
  Version: '28.2.2',
  ApiVersion: '1.50',
  DefaultAPIVersion: '1.50',
  GitCommit: 'e6534b4',
  GoVersion: 'go1.24.3',
  Os: 'linux',
  Arch: 'amd64',
  BuildTime: 'Fri May 30 12:07:14 2025',
  Context: 'default',
};

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function daysIn(month: number, year: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * The CLI's reformatDate: an RFC 3339 timestamp becomes Go's time.ANSIC
 * layout ("Mon Jan _2 15:04:05 2006") in the timestamp's own offset; any
 * other string is returned unchanged.
 */
export function reformatDate(buildTime: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/.exec(buildTime);
  if (!m) return buildTime;
  const [year, month, day, hour, min, sec] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return buildTime;
  if (hour > 23 || min > 59 || sec > 59) return buildTime;
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return buildTime;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const weekday = WEEKDAYS[date.getUTCDay()];
  const dayStr = String(day).padStart(2, ' ');
  return `${weekday} ${MONTHS[month - 1]} ${dayStr} ${pad2(hour)}:${pad2(min)}:${pad2(sec)} ${String(year).padStart(4, '0')}`;
}

/** Byte-wise string ordering, like Go's sort.Strings (for BMP text). */
function goLess(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Go text/tabwriter with padchar ' ' and no flags: tab-terminated cells are
 * aligned per column block (consecutive lines that have a cell in that
 * column); width = max(minwidth, widest cell + padding).
 */
export function tabwrite(text: string, minwidth: number, padding: number): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const widths: number[] = [];
  const out: string[] = [];
  const runeLen = (s: string): number => [...s].length;

  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const cells = lines[i];
      let line = '';
      cells.forEach((c, j) => {
        if (j < cells.length - 1 && j < widths.length) {
          line += c + ' '.repeat(Math.max(widths[j] - runeLen(c), 0));
        } else {
          line += c;
        }
      });
      out.push(line);
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let start = line0;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur].length - 1) continue;
      writeLines(start, cur);
      start = cur;
      let width = minwidth;
      for (; cur < line1; cur++) {
        const cells = lines[cur];
        if (column >= cells.length - 1) break;
        width = Math.max(width, runeLen(cells[column]) + padding);
      }
      widths.push(width);
      format(start, cur);
      widths.pop();
      // like Go, the loop increment skips line `cur`: it has no cell in this column
      start = cur;
    }
    writeLines(start, line1);
  };

  format(0, lines.length);
  return out.join('\n');
}

function engineComponent(sv: ServerVersion): ComponentVersion {
  return {
    Name: 'Engine',
    Version: sv.Version,
    Details: {
      ApiVersion: sv.ApiVersion,
      MinAPIVersion: sv.MinAPIVersion ?? '',
      GitCommit: sv.GitCommit,
      GoVersion: sv.GoVersion,
      Os: sv.Os,
      Arch: sv.Arch,
      BuildTime: reformatDate(sv.BuildTime ?? ''),
      Experimental: String(sv.Experimental ?? false),
    },
  };
}

/**
 * Render `docker version` (default template) for the given client values and
 * Engine `GET /version` response; `server` is null when the daemon could not
 * be reached (only the Client block is printed, as docker does before it
 * reports the connection error).
 */
export function formatVersion(client: ClientVersion, server: ServerVersion | null): string {
  let t = 'Client:';
  if (client.Platform && client.Platform.Name !== '') t += ` ${client.Platform.Name}`;
  t += `\n Version:\t${client.Version}`;
  t += `\n API version:\t${client.ApiVersion}`;
  if (client.ApiVersion !== client.DefaultAPIVersion) t += ` (downgraded from ${client.DefaultAPIVersion})`;
  t += `\n Go version:\t${client.GoVersion}`;
  t += `\n Git commit:\t${client.GitCommit}`;
  t += `\n Built:\t${client.BuildTime}`;
  t += `\n OS/Arch:\t${client.Os}/${client.Arch}`;
  t += `\n Context:\t${client.Context}`;

  if (server !== null) {
    // runVersion: reformat the Engine component's BuildTime, or synthesize an
    // Engine component from the legacy top-level fields when there is none.
    const components: ComponentVersion[] = (server.Components ?? []).map((c) => {
      if (c.Name !== 'Engine' || !c.Details || !Object.prototype.hasOwnProperty.call(c.Details, 'BuildTime')) return c;
      return { ...c, Details: { ...c.Details, BuildTime: reformatDate(c.Details.BuildTime) } };
    });
    if (!components.some((c) => c.Name === 'Engine')) components.push(engineComponent(server));

    const platformName = server.Platform?.Name ?? '';
    t += `\n\nServer:${platformName !== '' ? ` ${platformName}` : ''}`;
    for (const c of components) {
      const d = c.Details ?? {};
      const get = (k: string): string => (Object.prototype.hasOwnProperty.call(d, k) ? d[k] : '');
      t += `\n ${c.Name}:`;
      if (c.Name === 'Engine') {
        t += `\n  Version:\t${c.Version}`;
        t += `\n  API version:\t${get('ApiVersion')} (minimum version ${get('MinAPIVersion')})`;
        t += `\n  Go version:\t${get('GoVersion')}`;
        t += `\n  Git commit:\t${get('GitCommit')}`;
        t += `\n  Built:\t${get('BuildTime')}`;
        t += `\n  OS/Arch:\t${get('Os')}/${get('Arch')}`;
        t += `\n  Experimental:\t${get('Experimental')}`;
      } else {
        t += `\n  Version:\t${c.Version}`;
        for (const key of Object.keys(d).sort(goLess)) {
          t += `\n  ${key}:\t${d[key]}`;
        }
      }
    }
  }
  return tabwrite(t + '\n', 20, 1);
}
