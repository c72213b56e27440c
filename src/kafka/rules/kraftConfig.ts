// The single-node KRaft broker that Set Up Kafka on a VM writes (kafkaDir/config/kafka-dev.properties):
// broker and controller in one process, both on the VM's loopback, advertised as localhost:<port> so it
// is reachable only through SSH (`ssh -L` or the extension's tunnel). Pure (rules/).

export interface KraftConfigInput {
  brokerPort: number;
  controllerPort: number;
  /** Absolute path of log.dirs (the KRaft metadata lives there too). */
  dataDir: string;
  /** Default 1. */
  nodeId?: number;
}

/** The properties, in the order written, as key/value pairs. */
export function kraftProperties(input: KraftConfigInput): Array<[string, string]> {
  const id = input.nodeId ?? 1;
  return [
    ['process.roles', 'broker,controller'],
    ['node.id', String(id)],
    // A static voter set: formatted the same way by Kafka 3.x and 4.x (no --standalone needed).
    ['controller.quorum.voters', `${id}@127.0.0.1:${input.controllerPort}`],
    ['controller.listener.names', 'CONTROLLER'],
    ['listeners', `PLAINTEXT://127.0.0.1:${input.brokerPort},CONTROLLER://127.0.0.1:${input.controllerPort}`],
    ['advertised.listeners', `PLAINTEXT://localhost:${input.brokerPort}`],
    ['inter.broker.listener.name', 'PLAINTEXT'],
    ['listener.security.protocol.map', 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT'],
    ['log.dirs', input.dataDir],
    ['num.partitions', '1'],
    ['default.replication.factor', '1'],
    ['offsets.topic.replication.factor', '1'],
    ['transaction.state.log.replication.factor', '1'],
    ['transaction.state.log.min.isr', '1'],
    ['share.coordinator.state.topic.replication.factor', '1'],
    ['share.coordinator.state.topic.min.isr', '1'],
    ['group.initial.rebalance.delay.ms', '0'],
    ['log.retention.hours', '168'],
    ['log.segment.bytes', String(1024 * 1024 * 1024)],
    ['num.network.threads', '3'],
    ['num.io.threads', '8'],
  ];
}

/** The file's text: a header saying who wrote it, then key=value lines. */
export function kraftConfigText(input: KraftConfigInput): string {
  const head = [
    '# Single-node KRaft broker written by Kafka Dev (Set Up Kafka on a VM).',
    '# Broker and controller listen on the loopback only; clients reach them through SSH',
    `# (ssh -L ${input.brokerPort}:localhost:${input.brokerPort} ...), as advertised: localhost:${input.brokerPort}.`,
  ];
  return [...head, ...kraftProperties(input).map(([k, v]) => `${k}=${v}`)].join('\n') + '\n';
}

/** key=value lines of a .properties file (comments and blank lines skipped; no escapes or continuations). */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
    if (m) out.set(m[1], m[2]);
  }
  return out;
}

/** The client port of the PLAINTEXT listener in `listeners`, e.g. 9092. */
export function brokerPortOf(props: Map<string, string>): number | undefined {
  const m = /PLAINTEXT:\/\/[^,]*:(\d+)/.exec(props.get('listeners') ?? '');
  return m ? Number(m[1]) : undefined;
}
