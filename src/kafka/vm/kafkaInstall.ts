// Set Up's kafka step: get the distribution into kafkaDir/.kafka-dev-download (downloaded on the VM with
// curl or wget, or uploaded over SFTP), check its SHA-512, unpack it into kafkaDir, remove the staging dir.
// A distribution already in kafkaDir with no staging dir left over is "already" done.
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { checksumUrlFor, formatBytes, parseSha512, tarballName } from '../rules/kafkaRelease';
import { kafkaVersionFromJars } from '../rules/vmFindings';
import { inKafkaDir, STAGING_DIR } from './vmPaths';
import { shellPath, shellQuote } from './vmShell';
import { VmError, VmSetupPlan, VmShell } from './vmTypes';

export interface StepContext {
  shell: VmShell;
  plan: VmSetupPlan;
  signal?: AbortSignal;
  report(message: string): void;
}

const DOWNLOAD_TIMEOUT_MS = 30 * 60_000;

async function localSha512(path: string): Promise<string> {
  const h = createHash('sha512');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** 'already' with its detail when kafkaDir holds plan.kafkaVersion, complete; otherwise undefined. */
export async function installedKafka(ctx: StepContext): Promise<string | undefined> {
  const { shell, plan } = ctx;
  const K = (rel: string): string => inKafkaDir(plan.layout, rel);
  const r = await shell.exec(`ls ${K('libs')} 2>/dev/null | grep '^kafka_2\\.1[23]-'; [ -x ${K('bin/kafka-server-start.sh')} ] && echo '@bin'; [ -e ${K(STAGING_DIR)} ] && echo '@staging'; true`,
    { purpose: 'looking for Kafka in the Kafka directory', timeoutMs: 20_000, signal: ctx.signal });
  const version = kafkaVersionFromJars(r.stdout);
  if (!version || !r.stdout.includes('@bin') || r.stdout.includes('@staging')) return undefined;
  if (version !== plan.kafkaVersion) {
    throw new VmError('command', `${plan.layout.kafkaDir} on ${shell.label} already holds Kafka ${version}, not ${plan.kafkaVersion}.`, 'kafka',
      `Kafka ${version} in ${plan.layout.kafkaDir}, unchanged.`, `Choose Kafka ${version} to reuse it, or another Kafka directory, and run Set Up again.`);
  }
  return `Kafka ${version} is already in ${plan.layout.kafkaDir}`;
}

async function download(ctx: StepContext, url: string): Promise<string> {
  const { shell, plan } = ctx;
  const stage = inKafkaDir(plan.layout, STAGING_DIR);
  ctx.report(`Downloading ${url} on the VM`);
  const get = [
    `mkdir -p ${stage} && cd ${stage} || exit 1`,
    'rm -f kafka.tgz kafka.tgz.partial kafka.tgz.sha512',
    `if command -v curl >/dev/null 2>&1; then curl -fsSL --retry 2 -o kafka.tgz.partial ${shellQuote(url)} || exit $?`,
    `elif command -v wget >/dev/null 2>&1; then wget -q -O kafka.tgz.partial ${shellQuote(url)} || exit $?`,
    'else echo "neither curl nor wget is installed" >&2; exit 97; fi',
    'mv kafka.tgz.partial kafka.tgz',
  ].join('\n');
  const r = await shell.exec(get, { purpose: `downloading ${url} on the VM`, timeoutMs: DOWNLOAD_TIMEOUT_MS, signal: ctx.signal });
  if (r.code !== 0) {
    throw new VmError('download', r.code === 97
      ? `${shell.label} has neither curl nor wget to download Kafka with.`
      : `Downloading ${url} on ${shell.label} failed (exit ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`,
    'kafka', undefined, r.code === 97 ? 'Install curl on the VM, or upload a local Kafka tarball instead, and run Set Up again.'
      : 'Check that the VM can reach the URL (or change it, e.g. to a mirror, or upload a local tarball) and run Set Up again.');
  }
  // The checksum: 404 means none is published for this URL.
  const sumUrl = plan.source.kind === 'download' ? (plan.source.checksumUrl ?? checksumUrlFor(url)) : checksumUrlFor(url);
  const sum = [
    `cd ${stage} || exit 1`,
    `if command -v curl >/dev/null 2>&1; then kd_c=$(curl -sSL -o kafka.tgz.sha512 -w '%{http_code}' ${shellQuote(sumUrl)}); else`,
    `  kd_c=$(wget -S -q -O kafka.tgz.sha512 ${shellQuote(sumUrl)} 2>&1 | awk '/^ *HTTP\\//{c=$2} END{print c}'); fi`,
    'echo "@http=$kd_c"',
    'if [ "$kd_c" = 200 ]; then echo "@sum"; cat kafka.tgz.sha512; echo; echo "@actual"; sha512sum kafka.tgz; fi',
  ].join('\n');
  const s = await shell.exec(sum, { purpose: `fetching the checksum ${sumUrl} on the VM`, timeoutMs: 5 * 60_000, signal: ctx.signal });
  const code = /@http=(\d*)/.exec(s.stdout)?.[1] ?? '';
  if (code === '404') return `downloaded ${url}; no checksum published at ${sumUrl} (404), so it was not verified`;
  if (code !== '200') {
    throw new VmError('checksum', `Fetching the checksum ${sumUrl} on ${shell.label} failed (HTTP ${code || 'no answer'}): ${s.stderr.trim()}`, 'kafka',
      undefined, 'Check that the VM can reach the checksum URL (or change it) and run Set Up again.');
  }
  const [, published = ''] = s.stdout.split('@sum\n');
  const expected = parseSha512(published.split('@actual\n')[0], tarballName(url));
  const actual = /@actual\n([0-9a-f]{128})/.exec(s.stdout)?.[1];
  if (!expected || !actual || expected !== actual) {
    await shell.exec(`rm -f ${stage}/kafka.tgz`, { purpose: 'removing the download that failed its checksum' }).catch(() => undefined);
    throw new VmError('checksum', expected
      ? `The download of ${url} does not match its published SHA-512 (${sumUrl}): expected ${expected.slice(0, 16)}…, got ${actual?.slice(0, 16) ?? 'none'}…; it was removed.`
      : `${sumUrl} holds no SHA-512 that Set Up can read.`, 'kafka', undefined, 'Run Set Up again (the download may have been corrupted), or choose another URL.');
  }
  return `downloaded ${url}; SHA-512 verified against ${sumUrl}`;
}

async function upload(ctx: StepContext, localTarball: string): Promise<string> {
  const { shell, plan } = ctx;
  let size: number;
  try { size = statSync(localTarball).size; } catch (e) {
    throw new VmError('upload', `Cannot read ${localTarball}: ${e instanceof Error ? e.message : String(e)}`, 'kafka', 'Nothing for this step.', 'Choose an existing Kafka tarball (kafka_2.13-<version>.tgz) and run Set Up again.');
  }
  const stageRel = `${plan.layout.kafkaDir.replace(/\/+$/, '')}/${STAGING_DIR}`;
  const mk = await shell.exec(`mkdir -p ${shellPath(stageRel)}`, { purpose: 'making the upload directory', signal: ctx.signal });
  if (mk.code !== 0) throw new VmError('upload', `Cannot create ${stageRel} on ${shell.label}: ${mk.stderr.trim()}`, 'kafka');
  const expected = await localSha512(localTarball);
  let lastReport = 0;
  ctx.report(`Uploading ${localTarball} (${formatBytes(size)})`);
  await shell.upload(localTarball, `${stageRel}/kafka.tgz`, {
    signal: ctx.signal,
    onProgress: (sent, total) => {
      if (sent - lastReport < total / 10 && sent < total) return;
      lastReport = sent;
      ctx.report(`Uploading ${localTarball}: ${formatBytes(sent)} of ${formatBytes(total)}`);
    },
  });
  const r = await shell.exec(`sha512sum ${shellPath(`${stageRel}/kafka.tgz`)}`, { purpose: 'checking the uploaded tarball', timeoutMs: 120_000, signal: ctx.signal });
  if (!r.stdout.startsWith(expected)) {
    throw new VmError('checksum', `The uploaded ${stageRel}/kafka.tgz does not match ${localTarball} (SHA-512 differs).`, 'kafka', undefined, 'Run Set Up again to upload it anew.');
  }
  return `uploaded ${localTarball} (${formatBytes(size)}) over SFTP; SHA-512 matches`;
}

/** Replaces kafkaDir's distribution files with the staged tarball's, libs last, then removes the staging dir. */
async function unpack(ctx: StepContext): Promise<void> {
  const { shell, plan } = ctx;
  const kd = shellPath(plan.layout.kafkaDir);
  ctx.report(`Unpacking into ${plan.layout.kafkaDir}`);
  const script = [
    `cd ${inKafkaDir(plan.layout, STAGING_DIR)} || exit 1`,
    'rm -rf unpack && mkdir unpack && tar -xzf kafka.tgz -C unpack || exit 1',
    'kd_top=$(ls unpack); [ "$(ls unpack | wc -l)" = 1 ] && [ -x "unpack/$kd_top/bin/kafka-server-start.sh" ] || { echo "the tarball does not hold one Kafka distribution folder with bin/kafka-server-start.sh" >&2; exit 98; }',
    'cd "unpack/$kd_top" || exit 1',
    `for kd_e in * .[!.]*; do [ -e "$kd_e" ] || continue; [ "$kd_e" = libs ] && continue; rm -rf ${kd}/"$kd_e" && mv "$kd_e" ${kd}/ || exit 1; done`,
    `rm -rf ${kd}/libs && mv libs ${kd}/libs || exit 1`,
    `cd ${kd} && rm -rf ${STAGING_DIR}`,
  ].join('\n');
  const r = await shell.exec(script, { purpose: `unpacking Kafka into ${plan.layout.kafkaDir}`, timeoutMs: 10 * 60_000, signal: ctx.signal });
  if (r.code !== 0) {
    throw new VmError('command', `Unpacking Kafka into ${plan.layout.kafkaDir} on ${shell.label} failed: ${(r.stderr || r.stdout).trim()}`, 'kafka',
      undefined, r.code === 98 ? 'Choose a Kafka binary distribution (kafka_2.13-<version>.tgz, not the -src one) and run Set Up again.' : undefined);
  }
}

/** The kafka step; returns its detail when it changed the VM. */
export async function installKafka(ctx: StepContext): Promise<string> {
  const src = ctx.plan.source;
  const how = src.kind === 'download' ? await download(ctx, src.url) : await upload(ctx, src.localTarball);
  await unpack(ctx);
  return `Kafka ${ctx.plan.kafkaVersion} in ${ctx.plan.layout.kafkaDir}: ${how}`;
}
