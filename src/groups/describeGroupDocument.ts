// Describe Group (kafka-dev-group:/<cluster id>/<group>.group-describe.txt): state, protocol, coordinator,
// members and lag; Copy yields the kafka-consumer-groups.sh --describe layout. The documents and commands:
// src/commands/describeDocuments.ts.
import type { DescribeKind } from '../commands/describeDocuments';
import { consumerGroupsDescribeLayout, describeGroupText } from '../kafka/rules/groupText';
import type { GroupDetail } from '../kafka/rules/groupTypes';

export const groupDescribeKind: DescribeKind<GroupDetail> = {
  scheme: 'kafka-dev-group',
  suffix: '.group-describe.txt',
  noun: 'consumer group',
  title: 'Group',
  layout: 'kafka-consumer-groups.sh --describe',
  fetch: (admin, groupId) => admin.describeGroup(groupId),
  render: describeGroupText,
  copyText: consumerGroupsDescribeLayout,
};
