// Describe Topic (kafka-dev-topic:/<cluster id>/<topic>.describe): the report with partitions and configs;
// Copy yields the kafka-topics.sh --describe layout. The documents and commands: src/commands/describeDocuments.ts.
import type { DescribeKind } from '../commands/describeDocuments';
import { formatKafkaTopicsDescribe, formatTopicReport, TopicDescription } from '../kafka/admin/describeTopic';

export const topicDescribeKind: DescribeKind<TopicDescription> = {
  scheme: 'kafka-dev-topic',
  suffix: '.describe',
  noun: 'topic',
  title: 'Topic',
  layout: 'kafka-topics.sh --describe',
  fetch: (admin, topic) => admin.describeTopic(topic),
  render: formatTopicReport,
  copyText: formatKafkaTopicsDescribe,
};
