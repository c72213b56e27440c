// The peers' command lines: Debian's kcat (librdkafka) and Kafka's own Java tools from the jars the
// harness resolved. Each is timed as a whole process (start-up included: that is what a person waits for).

export const KCAT = 'kcat';

/** Kafka's CLI classes on the harness's classpath, with the JVM flags the kafka-*.sh scripts would use. */
export function javaTool(libs: string, mainClass: string, args: string[]): [string, string[]] {
  return ['java', ['-Xmx512m', '-XX:+UseG1GC', '-Djava.awt.headless=true', '-cp', `${libs}/*`, mainClass, ...args]];
}

export const peers = {
  /** Every record printed (value + newline) to stdout, exits at the end of every partition. */
  kcatConsume: (bootstrap: string, topic: string, count: number): [string, string[]] =>
    [KCAT, ['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-c', String(count)]],

  javaConsole: (libs: string, bootstrap: string, topic: string, count: number): [string, string[]] =>
    javaTool(libs, 'org.apache.kafka.tools.consumer.ConsoleConsumer',
      ['--bootstrap-server', bootstrap, '--topic', topic, '--from-beginning', '--max-messages', String(count)]),

  /** One record per line of `file`; kcat flushes and waits for every acknowledgement before it exits. */
  kcatProduce: (bootstrap: string, topic: string, file: string, acks: 'all' | 'leader', compression: string): [string, string[]] =>
    [KCAT, ['-P', '-b', bootstrap, '-t', topic, '-l', file, '-z', compression, '-X', `acks=${acks === 'all' ? 'all' : '1'}`]],

  kcatList: (bootstrap: string, topic?: string): [string, string[]] =>
    [KCAT, ['-L', '-b', bootstrap, ...(topic ? ['-t', topic] : [])]],

  topicCommandDescribe: (libs: string, bootstrap: string, topic: string): [string, string[]] =>
    javaTool(libs, 'org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', bootstrap, '--describe', '--topic', topic]),
};
