// The kafkajs snippet: one Node.js script that produces (the notebook's {"name": "Theja"} as JSON, or one
// record exactly) and then consumes from the beginning (or from the record's offset) for 10 s.
import { commentLines, EXAMPLE_VALUE, SECRET_ENV, SnippetInput } from './snippetCommon';
import { jsStr } from './snippetQuote';

function clientOptions(input: SnippetInput): { requires: string[]; prelude: string[]; options: string[] } {
  const c = input.cluster;
  const requires: string[] = [];
  const prelude: string[] = [];
  const options = [`clientId: 'kafka-dev-snippet',`, `brokers: [${input.bootstrap.map(jsStr).join(', ')}],`];
  const tls = c.tls?.enabled || c.awsIam ? c.tls ?? { enabled: true } : undefined;
  if (tls) {
    const parts: string[] = [];
    if (tls.caFile || tls.clientCertFile || tls.clientKeyFile) requires.push(`const fs = require('node:fs');`);
    if (tls.caFile) parts.push(`ca: [fs.readFileSync(${jsStr(tls.caFile)}, 'utf8')]`);
    if (tls.clientCertFile) parts.push(`cert: fs.readFileSync(${jsStr(tls.clientCertFile)}, 'utf8')`);
    if (tls.clientKeyFile) parts.push(`key: fs.readFileSync(${jsStr(tls.clientKeyFile)}, 'utf8') /* encrypted? add passphrase */`);
    if (tls.skipVerify) parts.push('rejectUnauthorized: false /* any certificate: test clusters only */');
    options.push(parts.length ? `ssl: { ${parts.join(', ')} },` : 'ssl: true,');
  }
  if (c.sasl) {
    options.push(`sasl: { mechanism: ${jsStr(c.sasl.mechanism)}, username: ${jsStr(c.sasl.username)}, password: process.env.${SECRET_ENV.saslPassword} },`);
  } else if (c.oauth) {
    const form = [`grant_type: 'client_credentials'`, `client_id: ${jsStr(c.oauth.clientId)}`, `client_secret: process.env.${SECRET_ENV.oauthClientSecret}`,
      ...(c.oauth.scope ? [`scope: ${jsStr(c.oauth.scope)}`] : [])];
    prelude.push(
      '// OAuth 2 client credentials: a new access token each time kafkajs asks.',
      'async function oauthBearerProvider() {',
      `  const r = await fetch(${jsStr(c.oauth.tokenEndpointUrl)}, { method: 'POST', body: new URLSearchParams({ ${form.join(', ')} }) });`,
      '  if (!r.ok) throw new Error(`token endpoint: HTTP ${r.status}`);',
      '  return { value: (await r.json()).access_token };',
      '}',
      '',
    );
    options.push(`sasl: { mechanism: 'oauthbearer', oauthBearerProvider },`);
  } else if (c.awsIam) {
    requires.push(`const { generateAuthToken } = require('aws-msk-iam-sasl-signer-js'); // npm install aws-msk-iam-sasl-signer-js`);
    prelude.push(
      '// AWS MSK IAM through OAUTHBEARER: a signed token from the AWS credential chain.',
      'async function oauthBearerProvider() {',
      `  const t = await generateAuthToken({ region: ${jsStr(c.awsIam.region ?? 'us-east-1')}${c.awsIam.profile ? `, awsProfileName: ${jsStr(c.awsIam.profile)}` : ''} });`,
      '  return { value: t.token };',
      '}',
      '',
    );
    options.push(`sasl: { mechanism: 'oauthbearer', oauthBearerProvider },`);
  }
  return { requires, prelude, options };
}

function messageOf(input: SnippetInput): string[] {
  const r = input.record;
  if (!r) return [`{ value: JSON.stringify({ name: ${jsStr(EXAMPLE_VALUE.name)} }) }`];
  const headers = new Map<string, string[]>();
  for (const h of r.headers) headers.set(h.key, [...(headers.get(h.key) ?? []), h.value]);
  const hs = [...headers].map(([k, vs]) => `${jsStr(k)}: ${vs.length === 1 ? jsStr(vs[0]) : `[${vs.map(jsStr).join(', ')}]`}`);
  return [
    '{',
    `  partition: ${r.partition},`,
    `  key: ${r.key === null ? 'null' : jsStr(r.key)},`,
    `  value: ${r.value === null ? 'null' : jsStr(r.value)},`,
    ...(hs.length ? [`  headers: { ${hs.join(', ')} },`] : []),
    '}',
  ];
}

export function kafkajsSnippet(input: SnippetInput): string {
  const o = clientOptions(input);
  const r = input.record;
  const msg = messageOf(input);
  const lines = [
    ...commentLines('//', input.heading),
    '// npm install kafkajs',
    `const { Kafka } = require('kafkajs');`,
    ...o.requires,
    '',
    ...o.prelude,
    'const kafka = new Kafka({',
    ...o.options.map((x) => `  ${x}`),
    '});',
    `const topic = ${jsStr(input.topic)};`,
    '',
    'async function main() {',
    '  const producer = kafka.producer();',
    '  await producer.connect();',
    ...(r ? ['  // The record exactly as it is stored: key, value and headers, to its partition.'] : []),
    ...(msg.length === 1 ? [`  const [sent] = await producer.send({ topic, messages: [${msg[0]}] });`]
      : ['  const [sent] = await producer.send({', '    topic,', '    messages: [{', ...msg.slice(1, -1).map((l) => `    ${l}`), '    }],', '  });']),
    '  console.log(`sent to partition ${sent.partition} at offset ${sent.baseOffset}`);',
    '  await producer.disconnect();',
    '',
    '  // A new group each run, so the consumer starts from the beginning and commits nothing you reuse.',
    '  const consumer = kafka.consumer({ groupId: `kafka-dev-snippet-${Date.now()}` });',
    '  await consumer.connect();',
    '  await consumer.subscribe({ topic, fromBeginning: true });',
    '  await consumer.run({',
    '    eachMessage: async ({ partition, message }) => {',
    ...(r ? [`      if (partition !== ${r.partition}) return;`] : []),
    `      const text = message.value === null ? null : message.value.toString('utf8');`,
    '      let value = text;',
    '      try { value = JSON.parse(text); } catch { /* not JSON: the text */ }',
    '      console.log(`partition=${partition} offset=${message.offset} key=${message.key?.toString()} value=${JSON.stringify(value)}`);',
    '    },',
    '  });',
    ...(r ? [`  consumer.seek({ topic, partition: ${r.partition}, offset: ${jsStr(r.offset)} }); // the record's offset`] : []),
    '  await new Promise((resolve) => setTimeout(resolve, 10000)); // read for 10 s, then stop',
    '  await consumer.disconnect();',
    '}',
    '',
    'main().catch((e) => { console.error(e); process.exit(1); });',
  ];
  return lines.join('\n') + '\n';
}
