// Deleting a consumer group (Kafka deletes only inactive groups) and a group's committed offsets of one
// topic (OffsetDelete, which kafkajs 2.2.4 lacks: src/kafka/protocol/offsetDelete.ts).
import type { Admin } from 'kafkajs';
import { groupCoordinator, pickVersion, sendRawRequest } from '../client/rawRequest';
import type { RawCluster } from '../client/rawCluster';
import { decodeOffsetDelete, encodeOffsetDelete, OFFSET_DELETE } from '../protocol/offsetDelete';
import { describeGroup, errorName } from './groupDescribe';
import { assertInactive } from './offsetReset';

export async function deleteGroup(admin: Admin, raw: RawCluster, groupId: string, target: string): Promise<void> {
  assertInactive(await describeGroup(admin, raw, groupId, target), target, 'deletes a group');
  try {
    await admin.deleteGroups([groupId]);
  } catch (e) {
    const failed = (e as { groups?: Array<{ groupId: string; error?: { type?: string; message?: string } }> }).groups?.find((g) => g.groupId === groupId);
    const type = failed?.error?.type ?? (e as { type?: string }).type;
    if (type === 'NON_EMPTY_GROUP') {
      throw new Error(`Kafka refused to delete consumer group "${groupId}" on ${target}: a consumer joined it meanwhile (NON_EMPTY_GROUP). Nothing was deleted; stop its consumers and try again.`);
    }
    throw new Error(`Kafka refused to delete consumer group "${groupId}" on ${target}: ${failed?.error?.message ?? (e instanceof Error ? e.message : String(e))}${type ? ` (${type})` : ''}.`);
  }
}

export async function deleteGroupOffsets(admin: Admin, raw: RawCluster, groupId: string, topic: string, target: string): Promise<void> {
  const d = await describeGroup(admin, raw, groupId, target);
  const partitions = d.partitions.filter((l) => l.topic === topic && l.committed !== undefined).map((l) => l.partition);
  if (partitions.length === 0) {
    throw new Error(`Consumer group "${groupId}" on ${target} has no committed offsets for topic "${topic}": nothing to delete.`);
  }
  const broker = await groupCoordinator(raw, groupId);
  const { apiKey, apiName, minVersion, maxVersion } = OFFSET_DELETE;
  const version = pickVersion(broker, apiKey, minVersion, maxVersion);
  if (version === undefined) throw new Error(`${target} does not support OffsetDelete (API 47, Kafka 2.4 and later): the offsets of "${topic}" were left as they are.`);
  const res = await sendRawRequest(broker, {
    apiKey, apiName, apiVersion: version, flexible: false,
    body: encodeOffsetDelete(groupId, [{ name: topic, partitions }]), decode: decodeOffsetDelete,
  });
  if (res.errorCode !== 0) {
    const hint = res.errorCode === 69 ? 'the group does not exist' : res.errorCode === 68 ? 'the group has active members' : 'see Kafka\'s error name';
    throw new Error(`Kafka refused to delete the offsets of topic "${topic}" from group "${groupId}" on ${target}: ${errorName(res.errorCode)} (${hint}). Nothing was deleted.`);
  }
  const failed = res.topics.flatMap((t) => t.partitions.filter((p) => p.errorCode !== 0).map((p) => ({ ...p, topic: t.name })));
  if (failed.length) {
    const subscribed = failed.every((f) => f.errorCode === 86);
    const members = d.members.map((m) => `${m.clientId} @ ${m.host}`).join(', ');
    throw new Error(subscribed
      ? `Group "${groupId}" on ${target} is subscribed to "${topic}"${members ? ` (members: ${members})` : ''}: Kafka keeps the offsets of a topic the group reads (GROUP_SUBSCRIBED_TO_TOPIC). Nothing was deleted; stop its consumers first.`
      : `Kafka did not delete the offsets of partitions ${failed.map((f) => `${f.partition} (${errorName(f.errorCode)})`).join(', ')} of "${topic}" from group "${groupId}" on ${target}.`);
  }
}
