// Which Kafka to install on a VM and how to check it: the default version, the Apache archive's URLs,
// the two checksum file formats Apache has published, and a broker heap that fits the VM's memory.
// Pure (rules/): the VM setup and the VS Code prompts share it.

/** The newest 4.x (the same as the test harness's broker). */
export const DEFAULT_KAFKA_VERSION = '4.4.0';

/** Kafka's binary distribution for Scala 2.13 on the Apache archive (every release stays there). */
export function apacheArchiveUrl(version: string): string {
  return `https://archive.apache.org/dist/kafka/${version}/kafka_2.13-${version}.tgz`;
}

/** Where a download's checksum is published: the tarball's URL + `.sha512`. */
export function checksumUrlFor(url: string): string {
  return `${url}.sha512`;
}

/** The file name a distribution URL ends in (kafka_2.13-4.4.0.tgz). */
export function tarballName(url: string): string {
  const path = url.split(/[?#]/)[0];
  return path.slice(path.lastIndexOf('/') + 1) || 'kafka.tgz';
}

/**
 * The SHA-512 (lower-case hex) in a checksum file, in either format Apache has used:
 * `gpg --print-md SHA512` ("kafka_2.13-3.7.0.tgz: 8D3F2D6D 0B1A...", upper case, in groups, over several
 * lines) or `sha512sum` ("<hex>  kafka_2.13-3.7.0.tgz", or the bare hex). When the file lists several
 * files, the line naming `fileName` wins. Undefined when no SHA-512 is found.
 */
export function parseSha512(text: string, fileName?: string): string | undefined {
  // sha512sum: one "<hex> [*]name" per line.
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const sums = lines.map((l) => /^([0-9a-fA-F]{128})(?:\s+\*?(.+))?$/.exec(l)).filter((m): m is RegExpExecArray => !!m);
  if (sums.length) {
    const named = fileName ? sums.find((m) => m[2] && m[2].trim() === fileName) : undefined;
    return (named ?? sums[0])[1].toLowerCase();
  }
  // gpg --print-md: "name: HEX HEX ..." continued on indented lines, possibly several entries.
  const entries = text.split(/(?:^|\n)(?=[^\s:][^:\n]*:)/).map((e) => e.trim()).filter(Boolean);
  const parsed = entries.map((e) => {
    const colon = e.indexOf(':');
    const name = colon >= 0 ? e.slice(0, colon).trim() : '';
    const hex = (colon >= 0 ? e.slice(colon + 1) : e).replace(/\s+/g, '');
    return { name, hex };
  }).filter((e) => /^[0-9a-fA-F]{128}$/.test(e.hex));
  if (!parsed.length) return undefined;
  const named = fileName ? parsed.find((e) => e.name === fileName) : undefined;
  return (named ?? parsed[0]).hex.toLowerCase();
}

const MIB = 1024 * 1024;

/** The broker's heap in MB for a VM with this much memory: a quarter of it, at least 256, at most 1024. */
export function heapForMemory(memTotalBytes: number): number {
  const quarter = Math.floor(memTotalBytes / 4 / MIB);
  return Math.max(256, Math.min(1024, quarter));
}

/** "1.5 GiB", "312 MiB", "512 KiB": sizes in messages. */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return i === 0 ? `${n} bytes` : `${v >= 10 ? Math.round(v) : Math.round(v * 10) / 10} ${units[i]}`;
}
