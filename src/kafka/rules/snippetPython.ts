// kafka-python snippets (the course notebook's client): a producer with the JSON value_serializer
// sending {"name": "Theja"}, and a consumer from the earliest offset that ends after 10 s without records.
// For one record: the producer sends its exact key, value and headers (as UTF-8 bytes), the consumer
// reads from its partition and offset.
import { commentLines, EXAMPLE_LINE, saslMechanism, SECRET_ENV, securityProtocol, SnippetInput } from './snippetCommon';
import { pyStr } from './snippetQuote';

interface PySecurity { imports: string[]; prelude: string[]; kwargs: string[] }

function security(input: SnippetInput): PySecurity {
  const c = input.cluster;
  const imports: string[] = [];
  const prelude: string[] = [];
  const kwargs: string[] = [];
  const protocol = securityProtocol(c);
  if (protocol !== 'PLAINTEXT') kwargs.push(`security_protocol=${pyStr(protocol)},`);
  const mech = saslMechanism(c);
  if (c.sasl) {
    imports.push('import os');
    kwargs.push(`sasl_mechanism=${pyStr(mech ?? '')},`, `sasl_plain_username=${pyStr(c.sasl.username)},`,
      `sasl_plain_password=os.environ[${pyStr(SECRET_ENV.saslPassword)}],`);
  } else if (c.oauth) {
    imports.push('import os', 'import urllib.parse', 'import urllib.request');
    const form = [`"grant_type": "client_credentials"`, `"client_id": ${pyStr(c.oauth.clientId)}`,
      `"client_secret": os.environ[${pyStr(SECRET_ENV.oauthClientSecret)}]`, ...(c.oauth.scope ? [`"scope": ${pyStr(c.oauth.scope)}`] : [])];
    prelude.push(
      'class TokenProvider:',
      '    """OAuth 2 client credentials: a new access token each time kafka-python asks."""',
      '    def token(self):',
      `        form = urllib.parse.urlencode({${form.join(', ')}}).encode()`,
      `        with urllib.request.urlopen(${pyStr(c.oauth.tokenEndpointUrl)}, data=form, timeout=30) as r:`,
      '            return json.load(r)["access_token"]',
      '',
    );
    kwargs.push('sasl_mechanism="OAUTHBEARER",', 'sasl_oauth_token_provider=TokenProvider(),');
  } else if (c.awsIam) {
    imports.push('from aws_msk_iam_sasl_signer import MSKAuthTokenProvider  # pip install aws-msk-iam-sasl-signer-python');
    const region = pyStr(c.awsIam.region ?? 'us-east-1');
    const call = c.awsIam.profile
      ? `MSKAuthTokenProvider.generate_auth_token_from_profile(${region}, ${pyStr(c.awsIam.profile)})`
      : `MSKAuthTokenProvider.generate_auth_token(${region})`;
    prelude.push(
      'class TokenProvider:',
      '    """AWS MSK IAM through OAUTHBEARER: a signed token from the AWS credential chain."""',
      '    def token(self):',
      `        token, _ = ${call}`,
      '        return token',
      '',
    );
    kwargs.push('sasl_mechanism="OAUTHBEARER",', 'sasl_oauth_token_provider=TokenProvider(),');
  }
  const tls = c.tls?.enabled || c.awsIam ? c.tls : undefined;
  if (tls?.caFile) kwargs.push(`ssl_cafile=${pyStr(tls.caFile)},`);
  if (tls?.clientCertFile) kwargs.push(`ssl_certfile=${pyStr(tls.clientCertFile)},`);
  if (tls?.clientKeyFile) kwargs.push(`ssl_keyfile=${pyStr(tls.clientKeyFile)},  # encrypted? add ssl_password=...`);
  if (tls?.skipVerify) {
    imports.push('import ssl');
    prelude.push('insecure = ssl.create_default_context()  # accepts any broker certificate: test clusters only',
      'insecure.check_hostname = False', 'insecure.verify_mode = ssl.CERT_NONE', '');
    kwargs.push('ssl_context=insecure,');
  }
  return { imports, prelude, kwargs };
}

function header(input: SnippetInput, imports: string[]): string[] {
  return [...commentLines('#', input.heading), ...[...new Set(imports)]];
}

const bootstrapKwarg = (input: SnippetInput): string => `bootstrap_servers=[${input.bootstrap.map(pyStr).join(', ')}],`;
const utf8 = (s: string | null): string => (s === null ? 'None' : `${pyStr(s)}.encode("utf-8")`);

export function pythonProducer(input: SnippetInput): string {
  const sec = security(input);
  const r = input.record;
  const lines = header(input, [...(r && !input.cluster.oauth ? [] : ['import json']), ...sec.imports, 'from kafka import KafkaProducer']);
  lines.push('', ...sec.prelude);
  lines.push('producer = KafkaProducer(', `    ${bootstrapKwarg(input)}`, ...sec.kwargs.map((k) => `    ${k}`),
    ...(r ? [] : ['    value_serializer=lambda v: json.dumps(v).encode("utf-8"),']), ')');
  if (r) {
    lines.push('# The record exactly as it is stored: key, value and headers as UTF-8 bytes, to its partition.');
    lines.push('future = producer.send(', `    ${pyStr(input.topic)},`, `    key=${utf8(r.key)},`, `    value=${utf8(r.value)},`);
    if (r.headers.length) lines.push(`    headers=[${r.headers.map((h) => `(${pyStr(h.key)}, ${utf8(h.value)})`).join(', ')}],`);
    lines.push(`    partition=${r.partition},`, ')');
  } else {
    lines.push(`future = producer.send(${pyStr(input.topic)}, ${EXAMPLE_LINE})`);
  }
  lines.push('metadata = future.get(timeout=30)', 'print(f"sent to partition {metadata.partition} at offset {metadata.offset}")',
    'producer.flush()', 'producer.close()');
  return lines.join('\n') + '\n';
}

export function pythonConsumer(input: SnippetInput): string {
  const sec = security(input);
  const r = input.record;
  const lines = header(input, ['import json', ...sec.imports, `from kafka import KafkaConsumer${r ? ', TopicPartition' : ''}`]);
  lines.push('', ...sec.prelude,
    'def deserialize(b):',
    '    """The value as JSON when it is JSON, else as text (or bytes when it is not UTF-8)."""',
    '    if b is None:',
    '        return None',
    '    try:',
    '        return json.loads(b)',
    '    except ValueError:',
    '        try:',
    '            return b.decode("utf-8")',
    '        except UnicodeDecodeError:',
    '            return b',
    '',
    'consumer = KafkaConsumer(',
    ...(r ? [] : [`    ${pyStr(input.topic)},`]),
    `    ${bootstrapKwarg(input)}`,
    ...sec.kwargs.map((k) => `    ${k}`),
    '    auto_offset_reset="earliest",',
    '    key_deserializer=lambda k: None if k is None else k.decode("utf-8", errors="replace"),',
    '    value_deserializer=deserialize,',
    '    consumer_timeout_ms=10000,  # stop after 10 s without a new record, so the cell ends',
    ')',
  );
  if (r) {
    lines.push(`partition = TopicPartition(${pyStr(input.topic)}, ${r.partition})`, 'consumer.assign([partition])',
      `consumer.seek(partition, ${r.offset})  # the record's offset`);
  }
  lines.push('for message in consumer:',
    '    print(f"partition={message.partition} offset={message.offset} key={message.key} value={message.value}")',
    'consumer.close()');
  return lines.join('\n') + '\n';
}
