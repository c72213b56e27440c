// Reading what Check the VM printed: one shell script's output, in sections marked `@@kd:<name>` (see
// src/kafka/vm/vmCheck.ts), into findings. Pure (rules/): vmTypes.ts's VmFindings is this shape.

export interface ParsedFindings {
  os: string;            // PRETTY_NAME of /etc/os-release, or uname -s
  arch: string;          // uname -m
  home: string;          // $HOME
  java?: { version: number; path: string; text: string };   // `java -version`'s first line in text
  diskFreeBytes: number; // free space where dataDir will be
  memTotalBytes: number;
  memAvailableBytes: number;
  /** Ports among those asked that something listens on (VM's view), with the process when ss shows it. */
  portsInUse: Array<{ port: number; process?: string; /** when ss shows it */ pid?: number }>;
  /** A Kafka distribution already in kafkaDir (its version from libs/kafka_2.13-X.jar). */
  existingKafka?: { dir: string; version: string };
  /** The broker this feature configured is already running there. */
  brokerRunning?: { pid: number };
  /** `systemctl --user` works (a user manager runs), so the broker can be a systemd user unit. */
  systemdUser: boolean;
  packageManager?: 'apt-get' | 'dnf' | 'yum' | 'zypper' | 'apk';
  /** root, passwordless sudo, sudo that asks for a password, or no sudo. */
  sudo: 'root' | 'nopasswd' | 'password' | 'none';
}

export const SECTION_MARK = '@@kd:';

/** The script's output split by section name (text between one marker line and the next). */
export function splitSections(out: string): Map<string, string> {
  const sections = new Map<string, string>();
  let name: string | undefined;
  let buf: string[] = [];
  for (const line of out.split(/\r?\n/)) {
    if (line.startsWith(SECTION_MARK)) {
      if (name !== undefined) sections.set(name, buf.join('\n').trim());
      name = line.slice(SECTION_MARK.length).trim();
      buf = [];
    } else if (name !== undefined) {
      buf.push(line);
    }
  }
  if (name !== undefined) sections.set(name, buf.join('\n').trim());
  return sections;
}

/** Java's major version from `java -version`'s first line: "1.8.0_381" → 8, "17.0.15" → 17, "21" → 21. */
export function javaMajor(versionText: string): number | undefined {
  const m = /version\s+"([^"]+)"/.exec(versionText) ?? /^\S+\s+(\d[\w.+-]*)/m.exec(versionText);
  if (!m) return undefined;
  const parts = m[1].split(/[._+-]/);
  const first = Number(parts[0]);
  if (!Number.isFinite(first)) return undefined;
  return first === 1 && parts.length > 1 ? Number(parts[1]) : first;
}

/** The java section: `command -v java`, then `java -version 2>&1` lines. */
export function parseJava(section: string): ParsedFindings['java'] {
  const lines = section.split('\n').map((l) => l.trim()).filter(Boolean);
  const path = lines.find((l) => l.startsWith('/'));
  if (!path) return undefined;
  const text = lines.find((l) => /version/.test(l)) ?? '';
  const version = javaMajor(text);
  return version === undefined ? undefined : { version, path, text };
}

/** `df -Pk <dir> | tail -n 1`: the Available column (KiB) in bytes. */
export function parseDfAvailable(line: string): number | undefined {
  const cols = line.trim().split(/\s+/);
  // Filesystem 1024-blocks Used Available Capacity Mounted-on
  if (cols.length < 6) return undefined;
  const kib = Number(cols[3]);
  return Number.isFinite(kib) ? kib * 1024 : undefined;
}

/** MemTotal and MemAvailable of /proc/meminfo, in bytes. */
export function parseMeminfo(text: string): { total: number; available: number } {
  const kib = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0) * 1024;
  const total = kib('MemTotal');
  return { total, available: kib('MemAvailable') || kib('MemFree') };
}

/**
 * Listening sockets on `ports` from `ss -ltnp` (header optional): port, and the process as
 * `name (pid N)` when ss could see it. Each port once.
 */
export function parseListeners(text: string, ports: number[]): ParsedFindings['portsInUse'] {
  const found = new Map<number, { port: number; process?: string; pid?: number }>();
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols[0] !== 'LISTEN' || cols.length < 4) continue;
    const local = cols[3];
    const port = Number(local.slice(local.lastIndexOf(':') + 1));
    if (!ports.includes(port) || found.has(port)) continue;
    const users = /users:\(\("([^"]+)",pid=(\d+)/.exec(line);
    found.set(port, users ? { port, process: `${users[1]} (pid ${users[2]})`, pid: Number(users[2]) } : { port });
  }
  return ports.filter((p) => found.has(p)).map((p) => found.get(p) as { port: number; process?: string; pid?: number });
}

/** The version in a kafka_2.13-<version>.jar name (not -test, -sources or -javadoc jars). */
export function kafkaVersionFromJars(listing: string): string | undefined {
  for (const name of listing.split(/\s+/)) {
    const m = /^kafka_2\.1[23]-(\d[\w.-]*?)\.jar$/.exec(name.slice(name.lastIndexOf('/') + 1));
    if (m && !/-(test|sources|javadoc|test-sources)$/.test(m[1])) return m[1];
  }
  return undefined;
}

const MANAGERS = ['apt-get', 'dnf', 'yum', 'zypper', 'apk'] as const;

/** Every section of the check script's output, read into findings. */
export function parseFindings(out: string, ports: number[], kafkaDir: string): ParsedFindings {
  const s = splitSections(out);
  const get = (k: string): string => s.get(k) ?? '';
  const mem = parseMeminfo(get('mem'));
  const version = kafkaVersionFromJars(get('kafka'));
  const pid = Number(get('broker').split('\n')[0]);
  const pm = get('pm').split('\n')[0].trim();
  const sudo = get('sudo').trim();
  return {
    os: get('os').split('\n')[0] || 'unknown',
    arch: get('arch').split('\n')[0] || 'unknown',
    home: get('home').split('\n')[0],
    java: parseJava(get('java')),
    diskFreeBytes: parseDfAvailable(get('df').split('\n').pop() ?? '') ?? 0,
    memTotalBytes: mem.total,
    memAvailableBytes: mem.available,
    portsInUse: parseListeners(get('ss'), ports),
    existingKafka: version ? { dir: kafkaDir, version } : undefined,
    brokerRunning: pid > 0 ? { pid } : undefined,
    systemdUser: get('systemd').trim() === 'yes',
    packageManager: (MANAGERS as readonly string[]).includes(pm) ? pm as ParsedFindings['packageManager'] : undefined,
    sudo: sudo === 'root' || sudo === 'nopasswd' || sudo === 'password' ? sudo : 'none',
  };
}
