// Shell snippets: kcat (produce -P, consume -C -e) and Kafka's console tools with a client.properties.
// Secrets come from environment variables: kcat's -X reads "$KAFKA_PASSWORD"; client.properties names
// ${env:KAFKA_PASSWORD} through Kafka's EnvVarConfigProvider, so the file holds no secret either.
import { commentLines, EXAMPLE_LINE, saslMechanism, SECRET_ENV, securityProtocol, SnippetInput } from './snippetCommon';
import { jaasStr, propertiesValue, shQuote } from './snippetQuote';

function secretChecks(input: SnippetInput): string[] {
  const c = input.cluster;
  const out: string[] = [];
  if (c.sasl) out.push(`: "\${${SECRET_ENV.saslPassword}:?Set ${SECRET_ENV.saslPassword} to the SASL password of ${c.sasl.username.replace(/[`"$\\}]/g, '')}}"`);
  if (c.oauth) out.push(`: "\${${SECRET_ENV.oauthClientSecret}:?Set ${SECRET_ENV.oauthClientSecret} to the OAuth client secret}"`);
  return out;
}

/** kcat's -X options for the cluster's security, and notes for what kcat cannot do. */
function kcatSecurity(input: SnippetInput): { words: string[]; notes: string[] } {
  const c = input.cluster;
  const words: string[] = [];
  const notes: string[] = [];
  const x = (kv: string): void => { words.push('-X', kv); };
  const protocol = securityProtocol(c);
  if (protocol !== 'PLAINTEXT') x(`security.protocol=${protocol}`);
  if (c.sasl) {
    x(`sasl.mechanisms=${saslMechanism(c) ?? ''}`);
    x(shQuote(`sasl.username=${c.sasl.username}`));
    x(`"sasl.password=$${SECRET_ENV.saslPassword}"`);
    if (c.sasl.mechanism !== 'plain') notes.push('SCRAM with Kafka 4 brokers needs kcat built on librdkafka 2.6.1 or newer (kcat -V shows it): older ones fail with "invalid credentials" (librdkafka#4895).');
  } else if (c.oauth) {
    x('sasl.mechanisms=OAUTHBEARER');
    x('sasl.oauthbearer.method=oidc');
    x(shQuote(`sasl.oauthbearer.client.id=${c.oauth.clientId}`));
    x(`"sasl.oauthbearer.client.secret=$${SECRET_ENV.oauthClientSecret}"`);
    x(shQuote(`sasl.oauthbearer.token.endpoint.url=${c.oauth.tokenEndpointUrl}`));
    if (c.oauth.scope) x(shQuote(`sasl.oauthbearer.scope=${c.oauth.scope}`));
  } else if (c.awsIam) {
    notes.push('kcat (librdkafka) cannot sign AWS MSK IAM requests: use the kafka-python or kafkajs snippet for this cluster.');
  }
  const tls = c.tls?.enabled ? c.tls : undefined;
  if (tls?.caFile) x(shQuote(`ssl.ca.location=${tls.caFile}`));
  if (tls?.clientCertFile) x(shQuote(`ssl.certificate.location=${tls.clientCertFile}`));
  if (tls?.clientKeyFile) {
    x(shQuote(`ssl.key.location=${tls.clientKeyFile}`));
    notes.push('An encrypted client key needs -X ssl.key.password=… as well.');
  }
  if (tls?.skipVerify) x('enable.ssl.certificate.verification=false');
  return { words, notes };
}

const continued = (head: string, words: string[]): string => {
  const pairs: string[] = [];
  for (let i = 0; i < words.length; i += 2) pairs.push(`${words[i]} ${words[i + 1]}`);
  return pairs.length ? `${head} \\\n  ${pairs.join(' \\\n  ')}` : head;
};

export function kcatSnippet(input: SnippetInput): string {
  const sec = kcatSecurity(input);
  const r = input.record;
  const b = shQuote(input.bootstrap.join(','));
  const t = shQuote(input.topic);
  const lines = [...commentLines('#', [...input.heading, ...sec.notes]), ...secretChecks(input), ''];
  if (r) {
    const opts = [`-p ${r.partition}`, ...(r.key === null ? [] : [`-k ${shQuote(r.key)}`]), ...r.headers.map((h) => `-H ${shQuote(`${h.key}=${h.value}`)}`)];
    lines.push('# The record exactly as it is stored (key, headers, value; the value ends at the \\036 byte, so it may hold newlines), to its partition:');
    if (r.value === null) lines.push('# a tombstone: -Z sends the empty value as null');
    lines.push(continued(`printf '%s\\036' ${shQuote(r.value ?? '')} | kcat -P -b ${b} -t ${t} ${opts.join(' ')} -D '\\x1e'${r.value === null ? ' -Z' : ''}`, sec.words));
    lines.push('', `# Read it back from partition ${r.partition}, offset ${r.offset}:`);
    lines.push(continued(`kcat -C -b ${b} -t ${t} -p ${r.partition} -o ${r.offset} -c 1 -e -f 'partition=%p offset=%o key=%k headers=%h value=%s\\n'`, sec.words));
  } else {
    lines.push('# Produce one message (one line of stdin is one message):');
    lines.push(continued(`echo ${shQuote(EXAMPLE_LINE)} | kcat -P -b ${b} -t ${t}`, sec.words));
    lines.push('', '# Read the topic from the beginning and stop at its end:');
    lines.push(continued(`kcat -C -b ${b} -t ${t} -o beginning -e -f 'partition=%p offset=%o key=%k value=%s\\n'`, sec.words));
  }
  return lines.join('\n') + '\n';
}

/** client.properties for the console tools, or undefined for a PLAINTEXT cluster. */
function clientProperties(input: SnippetInput): { lines: string[]; notes: string[] } | undefined {
  const c = input.cluster;
  const protocol = securityProtocol(c);
  if (protocol === 'PLAINTEXT') return undefined;
  const lines = [`security.protocol=${protocol}`];
  const notes: string[] = [];
  const env = (name: string): string => `\${env:${name}}`;
  const providers = ['config.providers=env', 'config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider'];
  if (c.sasl) {
    const module = c.sasl.mechanism === 'plain' ? 'org.apache.kafka.common.security.plain.PlainLoginModule' : 'org.apache.kafka.common.security.scram.ScramLoginModule';
    lines.push(`sasl.mechanism=${saslMechanism(c) ?? ''}`, ...providers,
      `sasl.jaas.config=${propertiesValue(`${module} required username=${jaasStr(c.sasl.username)} password="${env(SECRET_ENV.saslPassword)}";`)}`);
  } else if (c.oauth) {
    notes.push(`Kafka 4 asks for the token endpoint to be allowed: export KAFKA_OPTS=${shQuote(`-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=${c.oauth.tokenEndpointUrl}`)}`);
    lines.push('sasl.mechanism=OAUTHBEARER', ...providers,
      'sasl.login.callback.handler.class=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler',
      `sasl.oauthbearer.token.endpoint.url=${propertiesValue(c.oauth.tokenEndpointUrl)}`,
      `sasl.jaas.config=${propertiesValue(`org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientId=${jaasStr(c.oauth.clientId)} clientSecret="${env(SECRET_ENV.oauthClientSecret)}"${c.oauth.scope ? ` scope=${jaasStr(c.oauth.scope)}` : ''};`)}`);
  } else if (c.awsIam) {
    notes.push('AWS MSK IAM needs the aws-msk-iam-auth jar on the tools\' classpath (CLASSPATH=…/aws-msk-iam-auth-all.jar).');
    lines.push('sasl.mechanism=AWS_MSK_IAM',
      `sasl.jaas.config=${propertiesValue(`software.amazon.msk.auth.iam.IAMLoginModule required${c.awsIam.profile ? ` awsProfileName=${jaasStr(c.awsIam.profile)}` : ''};`)}`,
      'sasl.client.callback.handler.class=software.amazon.msk.auth.iam.IAMClientCallbackHandler');
  }
  const tls = c.tls?.enabled ? c.tls : undefined;
  if (tls?.caFile) lines.push('ssl.truststore.type=PEM', `ssl.truststore.location=${propertiesValue(tls.caFile)}`);
  if (tls?.clientCertFile || tls?.clientKeyFile) {
    notes.push(`For the client certificate, Java wants one PEM file with the key (PKCS#8) and the certificate: cat ${tls.clientKeyFile ?? ''} ${tls.clientCertFile ?? ''} > client.pem, then ssl.keystore.type=PEM and ssl.keystore.location=client.pem.`);
  }
  if (tls?.skipVerify) {
    lines.push('ssl.endpoint.identification.algorithm=');
    notes.push('Java still checks the certificate chain: give it the CA (ssl.truststore.location) of the test cluster.');
  }
  return { lines, notes };
}

export function consoleSnippet(input: SnippetInput): string {
  const props = clientProperties(input);
  const r = input.record;
  const b = shQuote(input.bootstrap.join(','));
  const t = shQuote(input.topic);
  const lines = [...commentLines('#', [...input.heading, 'kafka-console-*.sh are in the bin/ directory of the Kafka distribution.', ...(props?.notes ?? [])]),
    ...secretChecks(input), ''];
  if (props) lines.push('# The connection settings (no secret in the file: ${env:…} is read when the tool starts):', "cat > client.properties <<'EOF'", ...props.lines, 'EOF', '');
  const pc = props ? ' --producer.config client.properties' : '';
  const cc = props ? ' --consumer.config client.properties' : '';
  const print = '--property print.partition=true --property print.offset=true --property print.key=true';
  if (r) {
    const parts = [...(r.headers.length ? [r.headers.map((h) => `${h.key}:${h.value}`).join(',')] : []), ...(r.key === null ? [] : [r.key]), r.value ?? ''];
    const bad = parts.some((p) => /[\t\n\r]/.test(p)) || r.headers.some((h) => /[,:]/.test(h.key) || h.value.includes(','));
    lines.push('# The record: one line of stdin, its headers, key and value separated by tabs (the producer picks the partition:');
    lines.push('# with a key, the default partitioner picks the one the key maps to).');
    if (bad) lines.push('# This record holds a tab, a line break, or a , or : in a header, which the console producer reads as separators:', '# it cannot be written exactly this way; use the kcat or kafka-python snippet.');
    if (r.value === null) lines.push('# The record is a tombstone (null value): the console producer sends an empty value instead.');
    const flags = [...(r.headers.length ? ['--property parse.headers=true'] : []), ...(r.key === null ? [] : ['--property parse.key=true'])];
    lines.push(`printf '${parts.map(() => '%s').join('\\t')}\\n' ${parts.map(shQuote).join(' ')} | kafka-console-producer.sh --bootstrap-server ${b} --topic ${t}${flags.length ? ` ${flags.join(' ')}` : ''}${pc}`);
    lines.push('', `# Read it back from partition ${r.partition}, offset ${r.offset}:`);
    lines.push(`kafka-console-consumer.sh --bootstrap-server ${b} --topic ${t} --partition ${r.partition} --offset ${r.offset} --max-messages 1 --timeout-ms 10000 ${print} --property print.headers=true${cc}`);
  } else {
    lines.push('# Produce one message (one line of stdin is one message):');
    lines.push(`echo ${shQuote(EXAMPLE_LINE)} | kafka-console-producer.sh --bootstrap-server ${b} --topic ${t}${pc}`);
    lines.push('', '# Read the topic from the beginning; stop after 10 s without a new message:');
    lines.push(`kafka-console-consumer.sh --bootstrap-server ${b} --topic ${t} --from-beginning --timeout-ms 10000 ${print}${cc}`);
  }
  return lines.join('\n') + '\n';
}
