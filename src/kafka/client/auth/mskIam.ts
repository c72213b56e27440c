// SASL AWS_MSK_IAM, as Amazon MSK's IAM access control expects it (the aws-msk-iam-auth protocol): one
// SaslAuthenticate request carrying a JSON object whose fields are the query parameters of a SigV4
// presigned "GET kafka://<broker host>/?Action=kafka-cluster:Connect" for service kafka-cluster, and the
// broker answering with a JSON {version, request-id} or refusing. Credentials are read again for every
// authentication, so a refreshed AWS CLI cache or changed environment is picked up on the next connect.
import type { AuthenticationProviderArgs, Mechanism } from 'kafkajs';
import { AwsCredentialsError, CredentialOptions, profileRegion, resolveAwsCredentials, ResolvedAwsCredentials } from './awsCredentials';
import { AuthError, brokerReason, saslRoundTrip } from './saslExchange';
import { AwsCredentials, presign } from './sigv4';

export const MSK_IAM_MECHANISM = 'AWS_MSK_IAM';
export const MSK_PAYLOAD_VERSION = '2020_10_22';
export const MSK_ACTION = 'kafka-cluster:Connect';
export const MSK_SERVICE = 'kafka-cluster';
const EXPIRES_SECONDS = 900;

export interface MskIamOptions extends CredentialOptions {
  /** The cluster's region setting; else read from the broker host name, AWS_REGION, the profile. */
  region?: string;
  userAgent?: string;
  /** For tests: a fixed clock. */
  clock?: () => Date;
  /** For tests: credentials instead of the chain. */
  credentials?: () => ResolvedAwsCredentials;
}

/** "b-1.demo.abc123.c2.kafka.eu-west-1.amazonaws.com" → "eu-west-1" (also kafka-serverless and .cn). */
export function regionFromHost(host: string): string | undefined {
  return /\.kafka(?:-serverless)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/i.exec(host.trim())?.[1]?.toLowerCase();
}

/** The region to sign for, or an error that says where to set it. */
export function resolveRegion(host: string, opts: MskIamOptions = {}): string {
  const env = opts.env ?? process.env;
  const r = opts.region?.trim() || regionFromHost(host) || env.AWS_REGION || env.AWS_DEFAULT_REGION || profileRegion(opts);
  if (!r) {
    throw new AuthError('KAFKA_DEV_MSK_REGION', `No AWS region for ${host}: it is not an MSK host name (…kafka.<region>.amazonaws.com), and neither the cluster's AWS region setting, AWS_REGION nor the profile sets one. Set the region in Edit Cluster (e.g. us-east-1).`);
  }
  return r;
}

/** The JSON object MSK's broker checks: the presigned request's parameters, lower-cased, plus who and where. */
export function mskAuthPayload(host: string, region: string, credentials: AwsCredentials, date: Date, userAgent = 'kafka-dev'): Record<string, string> {
  const p = presign({
    method: 'GET', host, path: '/', query: { Action: MSK_ACTION }, region, service: MSK_SERVICE, credentials, date, expiresSeconds: EXPIRES_SECONDS,
  });
  const payload: Record<string, string> = {
    version: MSK_PAYLOAD_VERSION,
    host,
    'user-agent': userAgent,
    action: MSK_ACTION,
    'x-amz-algorithm': p.params['X-Amz-Algorithm'],
    'x-amz-credential': p.params['X-Amz-Credential'],
    'x-amz-date': p.params['X-Amz-Date'],
    'x-amz-expires': p.params['X-Amz-Expires'],
    'x-amz-signedheaders': p.params['X-Amz-SignedHeaders'],
    'x-amz-signature': p.signature,
  };
  if (credentials.sessionToken) payload['x-amz-security-token'] = credentials.sessionToken;
  return payload;
}

/** The kafkajs mechanism: `sasl: mskIamMechanism({ region, profile })`. */
export function mskIamMechanism(opts: MskIamOptions = {}): Mechanism {
  return {
    mechanism: MSK_IAM_MECHANISM,
    authenticationProvider: (args: AuthenticationProviderArgs) => ({
      authenticate: async () => {
        const broker = `${args.host}:${args.port}`;
        let creds: ResolvedAwsCredentials;
        try {
          creds = opts.credentials ? opts.credentials() : resolveAwsCredentials(opts);
        } catch (e) {
          if (e instanceof AwsCredentialsError) throw new AuthError('KAFKA_DEV_MSK_CREDENTIALS', `MSK IAM for ${broker}: ${e.message}`);
          throw e;
        }
        const region = resolveRegion(args.host, opts);
        const payload = mskAuthPayload(args.host, region, creds, opts.clock?.() ?? new Date(), opts.userAgent);
        let answer: Buffer;
        try {
          answer = await saslRoundTrip(args, Buffer.from(JSON.stringify(payload), 'utf8'));
        } catch (e) {
          throw new AuthError('KAFKA_DEV_MSK_REFUSED', `Broker ${broker} refused MSK IAM authentication (${brokerReason(e)}). ` +
            `Check the AWS credentials from ${creds.source} (key ${creds.accessKeyId}: a wrong secret key or an expired session token is refused), ` +
            `that ${region} is the cluster's region, and that the IAM policy allows ${MSK_ACTION}.`);
        }
        // A successful answer is JSON {"version": "...", "request-id": "..."}; anything else is not MSK.
        try {
          const json = JSON.parse(answer.toString('utf8')) as { version?: unknown };
          if (typeof json.version !== 'string') throw new Error('no version');
        } catch {
          throw new AuthError('KAFKA_DEV_MSK_REFUSED', `Broker ${broker} accepted AWS_MSK_IAM but answered ${JSON.stringify(answer.toString('utf8').slice(0, 100))}, not MSK's JSON: is this an MSK cluster?`);
        }
      },
    }),
  };
}
