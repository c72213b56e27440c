// The OAUTHBEARER listener of a test broker (startKafka's `oauth` option): a SASL_PLAINTEXT listener named
// OAUTH whose tokens are validated as JWTs against a JWKS URL (OAuthBearerValidatorCallbackHandler), with
// the expected audience and issuer (Kafka 4.4 refuses to start a validator without an expected issuer).

export interface OAuthListenerOptions {
  jwksUrl: string;
  audience: string;
  issuer: string;
  /** connections.max.reauth.ms for the listener (KIP-368); sessions end at token expiry anyway. */
  maxReauthMs?: number;
}

export function oauthListenerProps(o: OAuthListenerOptions): Record<string, string> {
  const p = 'listener.name.oauth.oauthbearer.';
  return {
    'listener.name.oauth.sasl.enabled.mechanisms': 'OAUTHBEARER',
    [`${p}sasl.jaas.config`]: 'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;',
    [`${p}sasl.server.callback.handler.class`]: 'org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler',
    [`${p}sasl.oauthbearer.jwks.endpoint.url`]: o.jwksUrl,
    [`${p}sasl.oauthbearer.expected.audience`]: o.audience,
    [`${p}sasl.oauthbearer.expected.issuer`]: o.issuer,
    // Per listener and mechanism, as SaslServerAuthenticator looks it up.
    ...(o.maxReauthMs ? { [`${p}connections.max.reauth.ms`]: String(o.maxReauthMs) } : {}),
  };
}

/** Kafka 4.x fetches only the OAuth URLs it is told to allow (a JVM system property, not a broker config). */
export function oauthJvmProps(o: OAuthListenerOptions | undefined): string[] {
  return o ? [`-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=${o.jwksUrl}`] : [];
}
