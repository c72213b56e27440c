// The Schema Registry part of a cluster as the settings and the Add/Edit Cluster flow see it (pure): the
// `schemaRegistry` object of a `kafkaDev.clusters` entry checked field by field, the names of subjects
// as typed, and the texts of the tree's rows. The webviews may bundle this file.
import type { RegistrySettings } from './clusterConfig';
import { registryUrlError } from './registrySettings';

type Fail = { field: string; message: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const shown = (v: unknown): string => (typeof v === 'string' ? `the text ${JSON.stringify(v)}` : v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `${String(v)}`);

/**
 * `kafkaDev.clusters[i].schemaRegistry` as written by hand: the settings, or the field that is wrong and
 * why (the cluster is then not used, as with any other wrong field: it would reach another registry).
 */
export function readRegistryEntry(raw: unknown, who: string): { registry: RegistrySettings } | Fail {
  const fail = (field: string, message: string): Fail => ({ field: `schemaRegistry${field ? `.${field}` : ''}`, message: `${who}: ${message}` });
  if (!isObject(raw)) return fail('', `schemaRegistry must be an object such as {"url": "http://localhost:8081"}, got ${shown(raw)}.`);
  if (typeof raw.url !== 'string') return fail('url', `schemaRegistry.url must be the registry's URL as a text, got ${shown(raw.url)}.`);
  const urlErr = registryUrlError(raw.url);
  if (urlErr) return fail('url', `schemaRegistry.url: ${urlErr}`);
  const registry: RegistrySettings = { url: raw.url.trim() };
  if (raw.auth !== undefined && raw.auth !== null) {
    const a = raw.auth;
    if (!isObject(a) || (a.kind !== 'basic' && a.kind !== 'bearer')) {
      return fail('auth', `schemaRegistry.auth must be {"kind": "basic", "username": "…"} or {"kind": "bearer"} (the password or token is kept in secret storage), got ${isObject(a) ? `kind ${shown(a.kind)}` : shown(a)}.`);
    }
    if (a.kind === 'basic') {
      if (typeof a.username !== 'string' || !a.username.trim()) return fail('auth.username', `schemaRegistry.auth.username must be a non-empty text, got ${shown(a.username)}.`);
      registry.auth = { kind: 'basic', username: a.username.trim() };
    } else {
      registry.auth = { kind: 'bearer' };
    }
  }
  if (raw.caFile !== undefined && raw.caFile !== null) {
    if (typeof raw.caFile !== 'string') return fail('caFile', `schemaRegistry.caFile must be a file path text, got ${shown(raw.caFile)}.`);
    if (raw.caFile.trim()) registry.caFile = raw.caFile.trim();
  }
  if (raw.skipVerify !== undefined && raw.skipVerify !== null) {
    if (typeof raw.skipVerify !== 'boolean') return fail('skipVerify', `schemaRegistry.skipVerify must be true or false (without quotes), got ${shown(raw.skipVerify)}.`);
    if (raw.skipVerify) registry.skipVerify = true;
  }
  if (registry.caFile && registry.skipVerify) return fail('skipVerify', 'schemaRegistry has both caFile and skipVerify: a CA file is only read when certificates are verified; keep one of them.');
  return { registry };
}

/** What is wrong with a subject name as typed, or undefined. Registries accept any text; these rules keep typos out. */
export function subjectNameError(text: string): string | undefined {
  if (!text) return 'Enter a subject name, e.g. orders-value (the topic\'s name and -value or -key, as the serializers look it up).';
  if (text !== text.trim()) return `"${text}" starts or ends with a space: serializers would look up the name without it.`;
  if (/[\u0000-\u001f\u007f]/.test(text)) return 'A subject name cannot contain control characters (a tab or line break pasted with it?).';
  if (text.length > 255) return `The subject name is ${text.length} characters long; registries allow 255 at most.`;
  return undefined;
}

/** The registry step's summary, for the cluster's tooltip and the Edit Cluster placeholder. */
export function registrySummary(r: RegistrySettings | undefined): string {
  if (!r) return 'no Schema Registry';
  const auth = r.auth?.kind === 'basic' ? `basic auth as ${r.auth.username}` : r.auth?.kind === 'bearer' ? 'bearer token' : 'no authentication';
  const tls = r.skipVerify ? ', certificates not verified' : r.caFile ? `, CA ${r.caFile}` : '';
  return `${r.url} (${auth}${tls})`;
}
