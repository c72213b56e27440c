// kafka-python (Debian's python3-kafka) and Python's json and csv modules as the independent readers of
// what export writes and of what the topics hold: no line of our code runs on this side.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

const PY = String.raw`
import base64, csv, json, sys
from kafka import KafkaConsumer, TopicPartition

def dump(bootstrap, topic):
    c = KafkaConsumer(bootstrap_servers=bootstrap.split(','), enable_auto_commit=False)
    tps = [TopicPartition(topic, p) for p in sorted(c.partitions_for_topic(topic))]
    c.assign(tps)
    c.seek_to_beginning(*tps)
    ends = c.end_offsets(tps)
    out = []
    while any(c.position(tp) < ends[tp] for tp in tps):
        for tp, msgs in c.poll(timeout_ms=1000).items():
            for m in msgs:
                out.append({'p': m.partition, 'o': m.offset,
                            'k': None if m.key is None else m.key.hex(),
                            'v': None if m.value is None else m.value.hex(),
                            'h': [[k, None if v is None else v.hex()] for k, v in m.headers]})
    c.close()
    out.sort(key=lambda r: (r['p'], r['o']))
    return out

def field_bytes(row, name):
    v = row[name]
    enc = row.get(name + 'Encoding')
    if v is None:
        return None
    if enc == 'base64':
        return base64.b64decode(v, validate=True)
    if isinstance(v, str):
        return v.encode('utf-8')
    return 'json'

def check_jsonl(bootstrap, topic, path):
    src = {(r['p'], r['o']): r for r in dump(bootstrap, topic)}
    lines = base64s = jsons = 0
    bad = []
    with open(path, 'rb') as f:
        for n, raw in enumerate(f, 1):
            row = json.loads(raw)
            lines += 1
            s = src[(row['partition'], int(row['offset']))]
            for name, short in (('key', 'k'), ('value', 'v')):
                got = field_bytes(row, name)
                want = None if s[short] is None else bytes.fromhex(s[short])
                if row.get(name + 'Encoding') == 'base64':
                    base64s += 1
                if got == 'json':
                    jsons += 1
                    if json.loads(want) != row[name]:
                        bad.append('line %d: %s JSON differs' % (n, name))
                elif got != want:
                    bad.append('line %d: %s %r != %r' % (n, name, got, want))
            hs = [[h['name'], base64.b64decode(h['value']).hex() if h.get('valueEncoding') == 'base64' else h['value'].encode('utf-8').hex()] for h in row['headers']]
            if hs != s['h']:
                bad.append('line %d: headers %r != %r' % (n, hs, s['h']))
    return {'lines': lines, 'records': len(src), 'base64': base64s, 'json': jsons, 'bad': bad}

def read_csv(path):
    with open(path, newline='', encoding='utf-8') as f:
        return list(csv.reader(f))

mode = sys.argv[1]
if mode == 'dump':
    print(json.dumps(dump(sys.argv[2], sys.argv[3])))
elif mode == 'jsonl':
    print(json.dumps(check_jsonl(sys.argv[2], sys.argv[3], sys.argv[4])))
elif mode == 'csv':
    print(json.dumps(read_csv(sys.argv[2])))
`;

async function py<T>(...args: string[]): Promise<T> {
  const { stdout } = await run('/usr/bin/python3', ['-c', PY, ...args], { timeout: 120_000, maxBuffer: 256 << 20 });
  return JSON.parse(stdout) as T;
}

export interface PyRecord { p: number; o: number; k: string | null; v: string | null; h: Array<[string, string | null]> }

/** Every record of the topic as kafka-python reads it (hex bytes), by partition and offset. */
export const pyDump = (bootstrap: string, topic: string): Promise<PyRecord[]> => py('dump', bootstrap, topic);

/** kafka-python + json: each exported line checked against the record it names. */
export const pyCheckJsonl = (bootstrap: string, topic: string, file: string): Promise<{ lines: number; records: number; base64: number; json: number; bad: string[] }> =>
  py('jsonl', bootstrap, topic, file);

/** Python's csv module's reading of a CSV file. */
export const pyCsv = (file: string): Promise<string[][]> => py('csv', file);
