// Copy as… (src/kafka/rules/snippets.ts): what each snippet holds for plain, SASL, TLS, OAuth, MSK IAM and
// SSH clusters, that no secret is ever written, and that the literals read back exactly: each quoting
// function's output is evaluated by python3, node and sh (one process each) and compared byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { ClusterConfig } from '../../src/kafka/rules/clusterConfig';
import { clientBootstrap, renderSnippet, SNIPPET_KINDS, SnippetRecord, sshTunnelCommand } from '../../src/kafka/rules/snippets';
import { jaasStr, jsStr, propertiesValue, pyStr, shQuote } from '../../src/kafka/rules/snippetQuote';
import { snippetRecordOf } from '../../src/kafka/rules/snippetRecord';

const TRICKY = ['plain', '', 'it\'s "quoted"', 'back\\slash \\n not a newline', 'two\nlines\r\nand a\ttab', 'ünïcödé ✓ 😀 日本',
  '$HOME `date` $(id) ${x} !event', '\u0000nul\u0007bell\u001b[0m', 'trailing newline\n', ' leading space', '\u2028\u2029', '%s %d \\x1e'];

test('pyStr: python3 reads every literal back exactly', () => {
  const script = `import sys, json\nvalues = [${TRICKY.map(pyStr).join(', ')}]\nsys.stdout.write(json.dumps(values))\n`;
  const out = execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), TRICKY);
});

test('jsStr: node reads every literal back exactly', () => {
  const script = `process.stdout.write(JSON.stringify([${TRICKY.map(jsStr).join(', ')}]))`;
  const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), TRICKY);
});

test('shQuote: sh passes every word through exactly (no expansion), NUL aside', () => {
  const shellable = TRICKY.filter((s) => !s.includes('\u0000'));
  const script = shellable.map((s) => `printf '%s\\036' ${shQuote(s)}`).join('\n');
  const out = execFileSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: '/nowhere' } });
  assert.deepEqual(out.split('\u001e').slice(0, -1), shellable);
  assert.equal(shQuote('orders.v1'), 'orders.v1');
  assert.equal(shQuote("a'b"), `'a'\\''b'`);
});

test('propertiesValue and jaasStr escape what .properties and JAAS read specially', () => {
  assert.equal(propertiesValue('C:\\certs\\ca.pem'), 'C:\\\\certs\\\\ca.pem');
  assert.equal(propertiesValue(' x\ny'), '\\ x\\ny');
  assert.equal(propertiesValue('ü'), '\\u00fc');
  assert.equal(jaasStr('a"b\\c'), '"a\\"b\\\\c"');
});

const plain: ClusterConfig = { id: 'p', name: 'local', bootstrapServers: ['127.0.0.1:9092', '127.0.0.1:9093'] };
const sasl: ClusterConfig = { id: 's', name: 'scram', bootstrapServers: ['kafka.example.com:9094'], sasl: { mechanism: 'scram-sha-512', username: 'alice' },
  tls: { enabled: true, caFile: '/etc/ssl/ca.pem' } };
const oauth: ClusterConfig = { id: 'o', name: 'oidc', bootstrapServers: ['b:9095'], oauth: { tokenEndpointUrl: 'https://login.example.com/token', clientId: 'app', scope: 'kafka' } };
const iam: ClusterConfig = { id: 'i', name: 'msk', bootstrapServers: ['b-1.x.kafka.eu-west-1.amazonaws.com:9098'], awsIam: { region: 'eu-west-1', profile: 'dev' } };
const viaSsh: ClusterConfig = { id: 'v', name: 'course-vm', bootstrapServers: ['localhost:9092'], ssh: { host: '203.0.113.7', user: 'ubuntu', port: 2222, identityFile: '~/.ssh/course key' } };
const viaAlias: ClusterConfig = { id: 'a', name: 'aliased', bootstrapServers: ['localhost:9092', 'broker-2.vm.internal:9102'], ssh: { alias: 'course-vm' } };

test('every kind renders for every cluster shape, with the topic and the bootstrap servers', () => {
  for (const c of [plain, sasl, oauth, iam, viaSsh, viaAlias]) {
    for (const k of SNIPPET_KINDS) {
      const s = renderSnippet(k.kind, c, 'orders');
      assert.match(s.text, /orders/, `${k.kind} ${c.name}`);
      for (const b of clientBootstrap(c)) assert.ok(s.text.includes(b), `${k.kind} ${c.name} lacks ${b}`);
      assert.ok(s.text.endsWith('\n'));
    }
  }
});

test('the course notebook: JSON value_serializer sending {"name": "Theja"}; the consumer ends by itself', () => {
  const p = renderSnippet('kafka-python-producer', plain, 'orders').text;
  assert.match(p, /value_serializer=lambda v: json\.dumps\(v\)\.encode\("utf-8"\)/);
  assert.match(p, /producer\.send\("orders", \{"name": "Theja"\}\)/);
  assert.match(p, /bootstrap_servers=\["127\.0\.0\.1:9092", "127\.0\.0\.1:9093"\]/);
  const c = renderSnippet('kafka-python-consumer', plain, 'orders').text;
  assert.match(c, /auto_offset_reset="earliest"/);
  assert.match(c, /consumer_timeout_ms=10000/);
  assert.match(c, /except ValueError:/);
  assert.match(c, /print\(f"partition=\{message\.partition\} offset=\{message\.offset\} key=\{message\.key\} value=\{message\.value\}"\)/);
  assert.match(renderSnippet('kcat', plain, 'orders').text, /kcat -C -b 127\.0\.0\.1:9092,127\.0\.0\.1:9093 -t orders -o beginning -e/);
  assert.match(renderSnippet('console', plain, 'orders').text, /kafka-console-consumer\.sh --bootstrap-server 127\.0\.0\.1:9092,127\.0\.0\.1:9093 --topic orders --from-beginning/);
  assert.doesNotMatch(renderSnippet('console', plain, 'orders').text, /client\.properties/);
});

test('SASL + TLS: mechanism and user written, the password only as an environment variable, the CA path as given', () => {
  const py = renderSnippet('kafka-python-producer', sasl, 'orders').text;
  assert.match(py, /security_protocol="SASL_SSL"/);
  assert.match(py, /sasl_mechanism="SCRAM-SHA-512"/);
  assert.match(py, /sasl_plain_username="alice"/);
  assert.match(py, /sasl_plain_password=os\.environ\["KAFKA_PASSWORD"\]/);
  assert.match(py, /ssl_cafile="\/etc\/ssl\/ca\.pem"/);
  assert.match(renderSnippet('kafkajs', sasl, 'orders').text, /sasl: \{ mechanism: "scram-sha-512", username: "alice", password: process\.env\.KAFKA_PASSWORD \}/);
  const kcat = renderSnippet('kcat', sasl, 'orders').text;
  assert.match(kcat, /-X "sasl\.password=\$KAFKA_PASSWORD"/);
  assert.match(kcat, /-X ssl\.ca\.location=\/etc\/ssl\/ca\.pem/);
  assert.match(kcat, /: "\$\{KAFKA_PASSWORD:\?Set KAFKA_PASSWORD/);
  const cons = renderSnippet('console', sasl, 'orders').text;
  assert.match(cons, /ScramLoginModule required username="alice" password="\$\{env:KAFKA_PASSWORD\}";/);
  assert.match(cons, /ssl\.truststore\.type=PEM\nssl\.truststore\.location=\/etc\/ssl\/ca\.pem/);
  assert.match(cons, /--producer\.config client\.properties/);
});

test('OAuth and MSK IAM: the client secret only from the environment; what a tool cannot do is said', () => {
  for (const k of SNIPPET_KINDS) assert.doesNotMatch(renderSnippet(k.kind, oauth, 't').text, /client_secret"?: ["'][^"'$]/, k.kind);
  assert.match(renderSnippet('kafka-python-producer', oauth, 't').text, /os\.environ\["KAFKA_CLIENT_SECRET"\]/);
  assert.match(renderSnippet('kcat', oauth, 't').text, /sasl\.oauthbearer\.method=oidc/);
  assert.match(renderSnippet('console', oauth, 't').text, /clientSecret="\$\{env:KAFKA_CLIENT_SECRET\}"/);
  assert.match(renderSnippet('kcat', iam, 't').text, /cannot sign AWS MSK IAM/);
  assert.match(renderSnippet('kafka-python-producer', iam, 't').text, /generate_auth_token_from_profile\("eu-west-1", "dev"\)/);
  assert.match(renderSnippet('console', iam, 't').text, /IAMLoginModule required awsProfileName="dev";/);
});

test('SSH: every snippet starts with the exact ssh -N -L command and the note about the advertised port', () => {
  assert.equal(sshTunnelCommand(viaSsh.ssh, viaSsh.bootstrapServers), "ssh -N -L 9092:localhost:9092 -i ~/'.ssh/course key' ubuntu@203.0.113.7 -p 2222");
  assert.equal(sshTunnelCommand(viaAlias.ssh, viaAlias.bootstrapServers), 'ssh -N -L 9092:localhost:9092 -L 9102:broker-2.vm.internal:9102 course-vm');
  assert.equal(sshTunnelCommand(undefined, ['a:1']), undefined);
  assert.deepEqual(clientBootstrap(viaAlias), ['localhost:9092', 'localhost:9102']);
  for (const k of SNIPPET_KINDS) {
    const text = renderSnippet(k.kind, viaSsh, 'orders').text;
    const marker = k.language === 'javascript' ? '//' : '#';
    const lines = text.split('\n');
    assert.equal(lines[2], `${marker}   ssh -N -L 9092:localhost:9092 -i ~/'.ssh/course key' ubuntu@203.0.113.7 -p 2222`, k.kind);
    assert.match(text, /the broker advertises localhost:9092/);
    assert.match(text, /must equal the\n.*port the broker advertises/);
  }
});

const record: SnippetRecord = { partition: 2, offset: '41', key: 'user "7"', value: 'line 1\nline 2 ü 😀 \'q\' $x', headers: [{ key: 'trace', value: 'a=b' }, { key: 'trace', value: 'c' }] };

test('a record: producers send its exact key, value, headers and partition; consumers read from its offset', () => {
  const py = renderSnippet('kafka-python-producer', plain, 'orders', record).text;
  assert.ok(py.includes(`key=${pyStr(record.key ?? '')}.encode("utf-8")`));
  assert.ok(py.includes(`value=${pyStr(record.value ?? '')}.encode("utf-8")`));
  assert.match(py, /headers=\[\("trace", "a=b"\.encode\("utf-8"\)\), \("trace", "c"\.encode\("utf-8"\)\)\]/);
  assert.match(py, /partition=2,/);
  assert.doesNotMatch(py, /value_serializer/);
  const pc = renderSnippet('kafka-python-consumer', plain, 'orders', record).text;
  assert.match(pc, /partition = TopicPartition\("orders", 2\)\nconsumer\.assign\(\[partition\]\)\nconsumer\.seek\(partition, 41\)/);
  const js = renderSnippet('kafkajs', plain, 'orders', record).text;
  assert.ok(js.includes(`value: ${jsStr(record.value ?? '')},`));
  assert.match(js, /headers: \{ "trace": \["a=b", "c"\] \}/);
  assert.match(js, /consumer\.seek\(\{ topic, partition: 2, offset: "41" \}\)/);
  const kcat = renderSnippet('kcat', plain, 'orders', record).text;
  assert.ok(kcat.includes(`printf '%s\\036' ${shQuote(record.value ?? '')} | kcat -P -b 127.0.0.1:9092,127.0.0.1:9093 -t orders -p 2 -k ${shQuote('user "7"')} -H trace=a=b -H trace=c -D '\\x1e'`));
  assert.match(kcat, /kcat -C .* -p 2 -o 41 -c 1 -e/);
  const cons = renderSnippet('console', plain, 'orders', record).text;
  assert.match(cons, /cannot be written exactly this way/);
  assert.match(cons, /--partition 2 --offset 41 --max-messages 1/);
});

test('no snippet of any kind ever holds a secret, whatever the cluster', () => {
  // Secrets are not inputs at all: the renderers never see them. A cluster whose names look like secrets
  // still yields only those names, and the placeholders are environment variables.
  for (const c of [sasl, oauth, iam, viaSsh]) {
    for (const k of SNIPPET_KINDS) {
      const text = renderSnippet(k.kind, c, 'orders', record).text;
      assert.doesNotMatch(text, /password\s*[=:]\s*["'][^"'$<]/i, `${k.kind} ${c.name}`);
    }
  }
});

test('an unknown kind is an error naming the kinds there are', () => {
  assert.throws(() => renderSnippet('perl' as never, plain, 't'), /Unknown snippet kind "perl": one of kafka-python-producer, kafka-python-consumer, kafkajs, kcat, console/);
});

test('a consumed record as Copy as… takes it: text key, value and headers (duplicates kept in order); bytes that are not text refused', () => {
  const r = snippetRecordOf({ partition: 3, offset: '17', timestamp: '0', key: Buffer.from('k ü'), value: Buffer.from('{"a": 1}\n'),
    headers: { trace: [Buffer.from('x'), 'y'], single: Buffer.from('z') } });
  assert.deepEqual(r, { partition: 3, offset: '17', key: 'k ü', value: '{"a": 1}\n', headers: [{ key: 'trace', value: 'x' }, { key: 'trace', value: 'y' }, { key: 'single', value: 'z' }] });
  assert.deepEqual(snippetRecordOf({ partition: 0, offset: '0', timestamp: '0', key: null, value: null, headers: {} }), { partition: 0, offset: '0', key: null, value: null, headers: [] });
  const bin = snippetRecordOf({ partition: 0, offset: '0', timestamp: '0', key: null, value: Buffer.from([0x00, 0xff]), headers: {} });
  assert.ok('error' in bin && /its value is binary/.test(bin.error));
  const hdr = snippetRecordOf({ partition: 0, offset: '0', timestamp: '0', key: null, value: null, headers: { h: Buffer.from([0xc3]) } });
  assert.ok('error' in hdr && /header "h" is binary/.test(hdr.error));
});
