// What the OAUTHBEARER and AWS_MSK_IAM authenticators share: one raw SaslAuthenticate round trip through
// kafkajs's custom `authenticationProvider` hook, and an error type the rest of Kafka Dev shows as it is
// (describeKafkaError passes codes starting with KAFKA_DEV_ through), because its message already names
// the endpoint or broker and what to fix.
import type { AuthenticationProviderArgs } from 'kafkajs';

export class AuthError extends Error {
  constructor(readonly code: `KAFKA_DEV_${string}`, message: string) {
    super(message);
    this.name = 'AuthError';
  }
}

function lengthPrefix(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

/** Sends `bytes` as one SaslAuthenticate request; resolves with the server's auth bytes (maybe empty). */
export async function saslRoundTrip(args: AuthenticationProviderArgs, bytes: Buffer): Promise<Buffer> {
  const answer = await args.saslAuthenticate<Buffer>({
    // kafkajs copies encode()'s result into the request as it is and hands the response's auth bytes over
    // the same way: both as Kafka BYTES, an INT32 length and then the bytes.
    request: { encode: () => Buffer.concat([lengthPrefix(bytes.length), bytes]) },
    response: { decode: (raw) => raw.subarray(4), parse: (data) => data },
  });
  return answer ?? Buffer.alloc(0);
}

/** The broker's own words from a failed SaslAuthenticate (KafkaJSProtocolError carries its error_message). */
export function brokerReason(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.length > 300 ? `${m.slice(0, 300)}…` : m;
}
