// What the extension knows about a Schema Registry, spoken to only through the Confluent-compatible REST
// API (Confluent Schema Registry, Apicurio's /apis/ccompat/v7, Karapace), so any of them works. Pure types:
// the webviews and the settings code import them too.

/** The three schema kinds of the Confluent API; the API omits schemaType for Avro. */
export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

export const COMPATIBILITIES = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'] as const;
export type Compatibility = (typeof COMPATIBILITIES)[number];

export interface SchemaReference {
  /** The import name (Protobuf file name, Avro full name, JSON Schema $ref URL). */
  name: string;
  subject: string;
  version: number;
}

/** A schema as the registry holds it; subject and version are known when it was read by subject/version. */
export interface RegisteredSchema {
  id: number;
  schemaType: SchemaType;
  /** The schema text exactly as the registry returns it. */
  schema: string;
  references: SchemaReference[];
  subject?: string;
  version?: number;
}

/** A subject in the tree: its latest version's type, version and id. */
export interface SubjectSummary {
  subject: string;
  schemaType: SchemaType;
  latestVersion: number;
  id: number;
}

export type { RegistrySettings } from '../rules/clusterConfig';

export interface RegistrySecrets {
  /** Basic auth password. */
  password?: string;
  /** Bearer token. */
  token?: string;
}

export type RegistryErrorKind =
  | 'unreachable' // connection refused, DNS, SSH channel refused
  | 'timeout' // no answer within the bound
  | 'tls' // certificate or handshake
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'subject-not-found' // 404, error_code 40401
  | 'version-not-found' // 404, error_code 40402
  | 'schema-not-found' // 404, error_code 40403 (unknown id)
  | 'incompatible' // 409
  | 'invalid-schema' // 422, error_code 42201 (and other 422s)
  | 'not-registry' // answered, but not like a Confluent-compatible registry (HTML, wrong path)
  | 'http'; // anything else: status and the registry's own message

/** Every failure of the registry client: `message` is ready to show (what failed, at which URL, what to do). */
export class RegistryError extends Error {
  constructor(readonly kind: RegistryErrorKind, message: string, readonly status?: number, readonly errorCode?: number) {
    super(message);
    this.name = 'RegistryError';
  }
}

/**
 * Whether `e` is a RegistryError. Not `instanceof`: the lazily loaded serde bundle (dist/serde.js) holds its
 * own copy of the class, so an error thrown by the extension bundle's client fails `instanceof` there.
 */
export function isRegistryError(e: unknown): e is RegistryError {
  return e instanceof Error && e.name === 'RegistryError' && typeof (e as { kind?: unknown }).kind === 'string';
}

/** The REST operations the extension uses. Every call is bounded by the client's timeout and throws RegistryError only. */
export interface RegistryClient {
  /** The base URL as configured (for messages and labels). */
  readonly url: string;
  /** Test Connection: proves the URL answers like a registry with these credentials (GET /subjects). */
  check(): Promise<void>;
  subjects(): Promise<SubjectSummary[]>;
  versions(subject: string): Promise<number[]>;
  schemaByVersion(subject: string, version: number | 'latest'): Promise<RegisteredSchema>;
  /** GET /schemas/ids/{id} (+ /versions for its subject and version when the registry tells). */
  schemaById(id: number): Promise<RegisteredSchema>;
  /** POST /compatibility/subjects/{subject}/versions/latest?verbose=true: the reasons when not compatible. */
  checkCompatibility(subject: string, schema: string, type: SchemaType, references?: SchemaReference[]): Promise<{ compatible: boolean; messages: string[] }>;
  register(subject: string, schema: string, type: SchemaType, references?: SchemaReference[]): Promise<{ id: number; version?: number }>;
  /** The subject's own level, or the global one when `subject` is undefined or has none. */
  compatibility(subject?: string): Promise<{ level: Compatibility; inherited: boolean }>;
  setCompatibility(level: Compatibility, subject?: string): Promise<void>;
  /** Soft delete unless `permanent` (which the registry allows only after a soft delete). Returns the versions deleted. */
  deleteSubject(subject: string, permanent: boolean): Promise<number[]>;
  deleteVersion(subject: string, version: number, permanent: boolean): Promise<void>;
  /** Ends keep-alive sockets (and their SSH channels). */
  close(): void;
}
