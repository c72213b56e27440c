// Turns what can go wrong talking to a Schema Registry (a socket error, a TLS failure, the clock, an HTTP
// status with the Confluent API's {error_code, message} body) into one RegistryError whose message names the
// registry's URL and says what to do. The Confluent error codes are those Confluent, Apicurio's ccompat
// API and Karapace share.
import { RegistryError, type RegistryErrorKind } from './types';

/** What a request was, for messages: "GET /subjects/orders-value/versions/latest". */
export interface RequestLabel {
  method: string;
  /** Path below the base URL, as sent (subject names encoded). */
  path: string;
  /** The registry's base URL as configured. */
  base: string;
}

/** What the request was about, so a 404 can name the subject, version or id that is missing. */
export interface RequestSubjectOf {
  subject?: string;
  version?: number | 'latest';
  id?: number;
}

interface SocketishError {
  code?: string;
  message?: string;
  name?: string;
  kind?: string;
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET_ISSUER_CERT|VERIFY_LEAF_SIGNATURE)|HOSTNAME_MISMATCH)/;

/** A failure below HTTP: the connection, TLS or the SSH channel the connection runs in. */
export function transportError(e: unknown, req: RequestLabel): RegistryError {
  if (e instanceof RegistryError) return e;
  const x = (e ?? {}) as SocketishError;
  const code = x.code ?? '';
  const what = `the Schema Registry at ${req.base}`;
  // The SSH tunnel's own errors already say what happened on the SSH side (refused on the VM, link down).
  if (x.name === 'SshTunnelError') {
    return new RegistryError('unreachable', `could not reach ${what} through the SSH tunnel: ${x.message ?? String(e)}`);
  }
  if (TLS_CODES.test(code) || /SSL routines|certificate|wrong version number/i.test(x.message ?? '')) {
    const plainHttp = /wrong version number|packet length too long|http request/i.test(x.message ?? '');
    return new RegistryError('tls', plainHttp
      ? `TLS to ${what} failed: it answers plain HTTP, not HTTPS: write the URL with http://`
      : `TLS to ${what} failed (${code || x.message}): set the CA file that signed the registry's certificate, ` +
        'or, for a throwaway test set-up only, skip certificate verification');
  }
  switch (code) {
    case 'ECONNREFUSED':
      return new RegistryError('unreachable', `could not reach ${what}: connection refused (nothing listens there): is the registry running and the URL's port right?`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new RegistryError('unreachable', `could not reach ${what}: its host name does not resolve (DNS): check the URL's host`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new RegistryError('unreachable', `could not reach ${what}: no route to its host: check the URL's host and the network`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new RegistryError('unreachable', `${what} closed the connection during ${req.method} ${req.path}: is the URL the registry (and http vs https right)?`);
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_VERSION':
    case 'HPE_INVALID_STATUS':
      return new RegistryError('not-registry', `${what} did not answer in HTTP: is the URL's port the registry's HTTP port?`);
    default:
      return new RegistryError('unreachable', `could not reach ${what} (${req.method} ${req.path}): ${x.message ?? String(e)}`);
  }
}

export function timeoutError(req: RequestLabel, timeoutMs: number): RegistryError {
  return new RegistryError('timeout', `the Schema Registry at ${req.base} did not answer ${req.method} ${req.path} within ${timeoutMs} ms: ` +
    'is the URL right and the registry up? (the bound is the connection timeout setting)');
}

interface ConfluentErrorBody {
  code?: number;
  message?: string;
}

/** The Confluent API's error body {error_code, message}, if that is what the body is. */
function parseErrorBody(text: string): ConfluentErrorBody {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      return {
        code: typeof o.error_code === 'number' ? o.error_code : undefined,
        message: typeof o.message === 'string' ? o.message : undefined,
      };
    }
  } catch { /* not JSON */ }
  return {};
}

/** The registry's own words without a Java exception's class name in front ("io.apicurio…RuleViolationException: "). */
export function registryWords(message: string): string {
  return message.replace(/^(?:[\w$]+\.)+[\w$]*(?:Exception|Error):\s*/, '').trim();
}

function describe(about: RequestSubjectOf): string {
  return about.subject !== undefined ? `subject "${about.subject}"` : 'the subject';
}

/** A non-2xx answer. `authKind` says which credentials were sent, so a 401 says which to check. */
export function httpError(status: number, body: string, contentType: string, req: RequestLabel, about: RequestSubjectOf,
  authKind: 'none' | 'basic' | 'bearer'): RegistryError {
  const { code, message } = parseErrorBody(body);
  const at = `the registry at ${req.base}`;
  const words = message ? registryWords(message) : '';
  const make = (kind: RegistryErrorKind, text: string): RegistryError => new RegistryError(kind, text, status, code);
  if (status === 401) {
    const fix = authKind === 'basic' ? 'check the user name and password'
      : authKind === 'bearer' ? 'check the bearer token (it may have expired)'
      : 'it needs credentials: set basic auth or a bearer token in the cluster\'s Schema Registry settings';
    return make('unauthorized', `${at} refused the request (401 Unauthorized): ${fix}`);
  }
  if (status === 403) {
    return make('forbidden', `${at} refused ${req.method} ${req.path} (403 Forbidden): these credentials lack the permission${words ? `: ${words}` : ''}`);
  }
  switch (code) {
    case 40401:
      return make('subject-not-found', `${describe(about)} is not in ${at}`);
    case 40402:
      return make('version-not-found', `${describe(about)} has no version ${about.version ?? ''} in ${at}`.replace('  ', ' '));
    case 40403:
      return make('schema-not-found', about.id !== undefined ? `schema id ${about.id} is not in ${at}` : `the schema is not in ${at}`);
    case 40404:
      return make('subject-not-found', `${describe(about)} is soft-deleted in ${at}: delete it permanently, or register a schema to bring it back`);
    case 40405:
    case 40407:
      return make('http', `${at} deletes permanently only what was soft-deleted first: delete ${about.version !== undefined ? `version ${about.version}` : describe(about)} (soft) first`);
    case 40406:
      return make('version-not-found', `version ${about.version ?? ''} of ${describe(about)} is already soft-deleted in ${at}`);
    case 42202:
      return make('http', `${at} refused the version ${about.version ?? ''}: a version is a number from 1, or "latest"`);
    case 42203:
      return make('http', `${at} refused the compatibility level: ${words || 'not one it knows'}`);
  }
  if (status === 409) {
    return make('incompatible', `${at} refused the schema for ${describe(about)}: not compatible with its earlier versions: ${words || 'no reason given'}`);
  }
  if (status === 422) {
    return make('invalid-schema', `${at} refused the schema as invalid: ${words || 'no reason given'}`);
  }
  if (code === undefined && !/json/i.test(contentType)) {
    // A web page, a proxy's error page, or the wrong path on the right server: not the registry's API.
    return make('not-registry', `${req.base} answered ${status} to ${req.method} ${req.path} with ${contentType || 'no content type'}, not a Schema Registry's JSON: ` +
      'is the URL the registry\'s API? (Apicurio: …/apis/ccompat/v7)');
  }
  if (status === 404) {
    return make('not-registry', `${req.base} has no ${req.path} (404): is the URL the registry's API? (Apicurio: …/apis/ccompat/v7)${words ? `; it said: ${words}` : ''}`);
  }
  return make('http', `${at} answered ${status} to ${req.method} ${req.path}${words ? `: ${words}` : ''}`);
}

/** A 2xx answer that is not what the API returns there. */
export function shapeError(req: RequestLabel, expected: string, contentType: string): RegistryError {
  return new RegistryError('not-registry', `${req.base} answered ${req.method} ${req.path} with ${/json/i.test(contentType) ? 'JSON that is not' : `${contentType || 'something'}, not`} ${expected}: ` +
    'is the URL a Confluent-compatible Schema Registry API? (Apicurio: …/apis/ccompat/v7)');
}
