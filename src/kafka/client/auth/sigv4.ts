// AWS Signature Version 4, presigned-URL style (the signature travels in the query string, as MSK IAM's
// SASL payload does), written against node:crypto so Kafka Dev needs no AWS SDK. Checked against AWS's
// published SigV4 test suite (test/unit/sigv4.test.ts).
import { createHash, createHmac } from 'node:crypto';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** When temporary credentials stop working (absent for long-term keys). */
  expiration?: Date;
}

export interface PresignInput {
  method: string;
  /** Host header value, the only signed header. */
  host: string;
  /** Absolute path, already URI-encoded as it will be sent (e.g. "/"). */
  path: string;
  /** The request's own query parameters (not the X-Amz-* ones). */
  query?: Record<string, string>;
  region: string;
  service: string;
  credentials: AwsCredentials;
  date: Date;
  expiresSeconds: number;
}

export interface Presigned {
  /** Every query parameter including X-Amz-Signature, unencoded. */
  params: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  /** "AKID/20150830/us-east-1/service/aws4_request" */
  credential: string;
  /** "20150830T123600Z" */
  amzDate: string;
}

export const ALGORITHM = 'AWS4-HMAC-SHA256';
const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ is %XX (upper case). */
export function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** "20150830T123600Z" */
export function amzDate(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256Hex = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

export function signingKey(secretAccessKey: string, day: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), service), 'aws4_request');
}

/** Parameters sorted by encoded name (then value), each name=value encoded, joined by &. */
export function canonicalQuery(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

export function presign(input: PresignInput): Presigned {
  const date = amzDate(input.date);
  const day = date.slice(0, 8);
  const scope = `${day}/${input.region}/${input.service}/aws4_request`;
  const credential = `${input.credentials.accessKeyId}/${scope}`;
  const params: Record<string, string> = {
    ...input.query,
    'X-Amz-Algorithm': ALGORITHM,
    'X-Amz-Credential': credential,
    'X-Amz-Date': date,
    'X-Amz-Expires': String(input.expiresSeconds),
    'X-Amz-SignedHeaders': 'host',
  };
  // A session token is part of what is signed (AWS's get-vanilla-with-session-token case).
  if (input.credentials.sessionToken) params['X-Amz-Security-Token'] = input.credentials.sessionToken;
  // Header values are trimmed, not lower-cased: the server signs the host exactly as the payload names it.
  const host = input.host.trim();
  const canonicalRequest = [input.method.toUpperCase(), input.path || '/', canonicalQuery(params), `host:${host}`, '', 'host', EMPTY_SHA256].join('\n');
  const stringToSign = [ALGORITHM, date, scope, sha256Hex(canonicalRequest)].join('\n');
  const signature = createHmac('sha256', signingKey(input.credentials.secretAccessKey, day, input.region, input.service))
    .update(stringToSign, 'utf8').digest('hex');
  return { params: { ...params, 'X-Amz-Signature': signature }, canonicalRequest, stringToSign, signature, credential, amzDate: date };
}
