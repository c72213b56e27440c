// Text renderings of a group and of a reset plan: the Describe Group document, the Copy in
// kafka-consumer-groups.sh --describe layout, the reset preview, and what --dry-run prints. Pure.
import type { GroupDetail, ResetPlan } from './groupTypes';
import { resetKindText } from './resetSpec';

const MISSING = '-';

/** Java's %-Ns: left-aligned, padded to N, never cut. */
const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

export function describeGroupText(d: GroupDetail, clusterName: string): string {
  const out: string[] = [];
  out.push(`Consumer group: ${d.groupId}`);
  out.push(`Cluster:        ${clusterName}`);
  out.push(`State:          ${d.state}`);
  out.push(`Protocol:       ${d.protocol === 'consumer' ? 'consumer (KIP-848)' : 'classic'}${d.protocolType ? ` · protocol type ${d.protocolType}` : ''}`);
  if (d.assignor) out.push(`Assignor:       ${d.assignor}`);
  if (d.coordinator) out.push(`Coordinator:    ${d.coordinator.host}:${d.coordinator.port} (id: ${d.coordinator.nodeId})`);
  out.push(`Total lag:      ${d.lag ?? 'none (nothing committed)'}`);
  if (d.note) out.push('', `Note: ${d.note}`);
  out.push('', `Members (${d.members.length})`);
  if (d.members.length === 0) out.push('  none');
  for (const m of d.members) {
    out.push(`  ${m.clientId} @ ${m.host}${m.instanceId ? ` (instance ${m.instanceId})` : ''}`);
    out.push(`    member id: ${m.memberId}`);
    const parts = m.assignment.map((a) => `${a.topic}: ${a.partitions.join(',')}`);
    out.push(`    assigned:  ${parts.length ? parts.join('; ') : 'nothing'}`);
  }
  out.push('', `Partitions (${d.partitions.length})`);
  if (d.partitions.length === 0) out.push('  none committed or assigned');
  else {
    const owner = new Map<string, string>();
    for (const m of d.members) for (const a of m.assignment) for (const p of a.partitions) owner.set(`${a.topic}\u0000${p}`, `${m.clientId} @ ${m.host}`);
    out.push(...table(['TOPIC', 'PARTITION', 'COMMITTED', 'END', 'LAG', 'MEMBER'], d.partitions.map((l) => [
      l.topic, String(l.partition), l.committed ?? MISSING, l.end, l.committed === undefined ? MISSING : l.lag, owner.get(`${l.topic}\u0000${l.partition}`) ?? MISSING,
    ])).map((l) => `  ${l}`));
  }
  return out.join('\n') + '\n';
}

interface DescribeRow { topic: string; partition: string; current: string; end: string; lag: string; consumerId: string; host: string; clientId: string }

/**
 * kafka-consumer-groups.sh --describe: members with assignments first (most partitions first, each by
 * partition), then committed partitions nobody is assigned, with "-" where a value is missing; the same
 * column widths Kafka's printOffsetFormat computes.
 */
export function consumerGroupsDescribeLayout(d: GroupDetail): string {
  const lagOf = new Map(d.partitions.map((l) => [`${l.topic}\u0000${l.partition}`, l]));
  const rows: DescribeRow[] = [];
  const assigned = new Set<string>();
  const members = d.members.filter((m) => m.assignment.some((a) => a.partitions.length))
    .map((m) => ({ m, n: m.assignment.reduce((s, a) => s + a.partitions.length, 0) }))
    .sort((a, b) => b.n - a.n);
  const row = (topic: string, p: number, who: { consumerId: string; host: string; clientId: string }): DescribeRow => {
    const l = lagOf.get(`${topic}\u0000${p}`);
    const committed = l?.committed;
    return { topic, partition: String(p), current: committed ?? MISSING, end: l?.end ?? MISSING, lag: committed !== undefined && l ? l.lag : MISSING, ...who };
  };
  for (const { m } of members) {
    const tps = m.assignment.flatMap((a) => a.partitions.map((p) => ({ topic: a.topic, p })))
      .sort((a, b) => a.p - b.p || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
    for (const { topic, p } of tps) {
      assigned.add(`${topic}\u0000${p}`);
      rows.push(row(topic, p, { consumerId: m.memberId, host: m.host, clientId: m.clientId }));
    }
  }
  for (const l of d.partitions) {
    if (l.committed === undefined || assigned.has(`${l.topic}\u0000${l.partition}`)) continue;
    rows.push(row(l.topic, l.partition, { consumerId: MISSING, host: MISSING, clientId: MISSING }));
  }
  const g = Math.max(15, d.groupId.length);
  const t = Math.max(15, ...rows.map((r) => r.topic.length));
  const c = Math.max(15, ...rows.map((r) => r.consumerId.length));
  const h = Math.max(15, ...rows.map((r) => r.host.length));
  const fmt = (v: string[]): string => `\n${pad(v[0], g)} ${pad(v[1], t)} ${pad(v[2], 10)} ${pad(v[3], 15)} ${pad(v[4], 15)} ${pad(v[5], 15)} ${pad(v[6], c)} ${pad(v[7], h)} ${v[8]}`;
  let out = fmt(['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID']);
  for (const r of rows) out += fmt([d.groupId, r.topic, r.partition, r.current, r.end, r.lag, r.consumerId, r.host, r.clientId]);
  return out + '\n';
}

export function resetPreviewText(plan: ResetPlan, clusterName: string): string {
  const s = plan.scope;
  const where = s.topic ? `topic ${s.topic}${s.partitions?.length ? ` partition${s.partitions.length > 1 ? 's' : ''} ${s.partitions.join(',')}` : ''}` : 'every topic the group committed';
  const out = [
    `Reset offsets of group ${s.groupId} on ${clusterName}: ${resetKindText(plan.kind)}, ${where}`,
    `${plan.rows.length} partition${plan.rows.length === 1 ? '' : 's'}; nothing is changed until you Apply (one OffsetCommit for all of them).`,
    '',
  ];
  if (plan.rows.length === 0) out.push('Nothing to reset: the group has committed no offsets in this scope.');
  else {
    out.push(...table(['TOPIC', 'PARTITION', 'CURRENT', 'NEW', 'END', 'LAG-BEFORE → LAG-AFTER'], plan.rows.map((r) => [
      r.topic, String(r.partition), r.current ?? MISSING, r.target, r.end, `${r.lagBefore} → ${r.lagAfter}`,
    ])));
  }
  const notes = plan.rows.filter((r) => r.note);
  if (notes.length) {
    out.push('', 'Notes:');
    for (const r of notes) out.push(...wrap(`${r.topic} partition ${r.partition}: ${r.note}`, NOTE_WIDTH, '  ', '    '));
  }
  return out.join('\n') + '\n';
}

/** Notes are prose: wrapped so the preview reads without scrolling sideways at a common editor width. */
const NOTE_WIDTH = 96;

/** `text` broken at spaces into lines of at most `width` characters (a longer word stays whole). */
function wrap(text: string, width: number, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(' ')) {
    if (!empty && line.length + 1 + word.length > width) { lines.push(line); line = rest; empty = true; }
    line += (empty ? '' : ' ') + word;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** What `kafka-consumer-groups.sh --reset-offsets --dry-run` prints for the plan (Kafka's printOffsetsToReset). */
export function dryRunLayout(plan: ResetPlan): string {
  const fmt = (a: string, b: string, c: string, d: string): string => `\n${pad(a, 30)} ${pad(b, 30)} ${pad(c, 10)} ${pad(d, 15)}`;
  let out = plan.rows.length ? fmt('GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET') : '';
  for (const r of plan.rows) out += fmt(plan.scope.groupId, r.topic, String(r.partition), r.target);
  return out + '\n';
}
