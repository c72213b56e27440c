// Checks the Schema Registry URL a user types (Add/Edit Cluster), as they type: pure, so the settings
// UI and the webviews can share it. The client itself speaks only the Confluent-compatible API.

const EXAMPLE = 'http://localhost:8081';

/** What is wrong with `text` as a registry base URL, or undefined when it is usable. */
export function registryUrlError(text: string): string | undefined {
  const s = text.trim();
  if (!s) return `enter the registry's URL, e.g. ${EXAMPLE} (Apicurio: http://localhost:8080/apis/ccompat/v7)`;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
    return `"${s}" has no scheme: write http://${s.replace(/^\/+/, '')} or https://${s.replace(/^\/+/, '')}`;
  }
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return `"${s}" is not a URL: write it as http://host:port or https://host:port/path, e.g. ${EXAMPLE}`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    return `the registry speaks HTTP: the URL starts with http:// or https://, not ${u.protocol}//`;
  }
  if (!u.hostname) return `"${s}" has no host: write e.g. ${EXAMPLE}`;
  if (u.username || u.password) {
    return 'remove the user name and password from the URL: choose basic auth below instead (the password is kept in VS Code\'s secret storage, not in settings)';
  }
  if (u.search || u.hash) return `remove "${u.search}${u.hash}" from the URL: it is the API's base address, e.g. ${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  if (/^\/apis\/registry(\/|$)/.test(u.pathname)) {
    return `that is Apicurio's own API; Kafka Dev speaks the Confluent-compatible one: ${u.origin}/apis/ccompat/v7`;
  }
  if (/\/subjects(\/|$)|\/schemas(\/|$)/.test(u.pathname)) {
    return `write the API's base URL, without /subjects or /schemas: e.g. ${u.origin}${u.pathname.replace(/\/(subjects|schemas)(\/.*)?$/, '')}`;
  }
  return undefined;
}
