// TEMPORARY STUB by helper vmview so src/vm compiles before h15-vmcore lands: replaced by vmcore's real file at merge.
export const DEFAULT_KAFKA_VERSION = '4.1.1';

export function apacheArchiveUrl(version: string): string {
  return `https://archive.apache.org/dist/kafka/${version}/kafka_2.13-${version}.tgz`;
}

export function heapForMemory(_memTotalBytes: number): number {
  return 512;
}
