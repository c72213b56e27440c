// The Schema Registry step of Add/Edit Cluster (6/6): none, or the URL (checked as typed), the
// authentication (none, basic, bearer; the secret goes to SecretStorage only) and, for https, the
// certificate check (system CAs, a CA file, or none after a warning). Kept apart from clusterFlow.ts.
import * as vscode from 'vscode';
import type { ClusterConfig, RegistrySettings } from '../kafka/rules/clusterConfig';
import { registryUrlError } from '../kafka/rules/registrySettings';
import { ClusterInput, currentChoice, pemFileError } from './clusterInput';

type Ask = (step: string, opts: vscode.InputBoxOptions) => Promise<string | undefined>;

/** Asks the registry settings into `input`; false when cancelled. */
export async function askRegistry(ask: Ask, title: string, input: ClusterInput, current?: ClusterConfig): Promise<boolean> {
  const prev = current?.schemaRegistry;
  const use = await vscode.window.showQuickPick([
    { label: 'No Schema Registry', use: false },
    { label: '$(symbol-structure) Schema Registry…', description: 'Confluent, Apicurio (ccompat), Karapace', use: true },
  ], { title: `${title} (6/6 Schema Registry)`, placeHolder: currentChoice('registry', current), ignoreFocusOut: true });
  if (!use) return false;
  if (!use.use) return true;
  const url = await ask('6/6 registry URL', {
    title, value: prev?.url ?? '', placeHolder: 'http://localhost:8081 or http://localhost:8080/apis/ccompat/v7',
    prompt: input.ssh ? 'Schema Registry URL, as seen from the SSH server (the requests go through the same SSH connection)' : 'Schema Registry URL (the Confluent-compatible REST API)',
    validateInput: (v) => registryUrlError(v),
  });
  if (url === undefined) return false;
  const registry: RegistrySettings = { url: url.trim() };

  const auth = await vscode.window.showQuickPick([
    { label: 'No authentication', auth: 'none' as const },
    { label: '$(account) Basic authentication', description: 'user name and password (Confluent Cloud: API key and secret)', auth: 'basic' as const },
    { label: '$(key) Bearer token', description: 'an OAuth or API token sent as Authorization: Bearer', auth: 'bearer' as const },
  ], { title: `${title} (6/6 registry authentication)`, placeHolder: prev ? `Current: ${prev.auth?.kind ?? 'none'}` : 'How the registry authenticates clients', ignoreFocusOut: true });
  if (!auth) return false;
  const stored = 'Kept in VS Code\'s secret storage, never in settings.';
  if (auth.auth === 'basic') {
    const user = await ask('6/6 registry user', {
      title, prompt: 'Schema Registry user name (or API key)', value: prev?.auth?.kind === 'basic' ? prev.auth.username : '',
      validateInput: (v) => (v.trim() ? undefined : 'Enter the registry user name.'),
    });
    if (user === undefined) return false;
    const keep = prev?.auth?.kind === 'basic';
    const pw = await ask('6/6 registry password', {
      title, password: true, prompt: `${keep ? 'Password (leave empty to keep the stored one). ' : 'Password (or API secret). '}${stored}`,
      validateInput: (v) => (v || keep ? undefined : 'Enter the registry password.'),
    });
    if (pw === undefined) return false;
    registry.auth = { kind: 'basic', username: user.trim() };
    input.registryPassword = pw || undefined;
  } else if (auth.auth === 'bearer') {
    const keep = prev?.auth?.kind === 'bearer';
    const token = await ask('6/6 registry token', {
      title, password: true, prompt: `${keep ? 'Bearer token (leave empty to keep the stored one). ' : 'Bearer token. '}${stored}`,
      validateInput: (v) => (v.trim() || keep ? undefined : 'Enter the token.'),
    });
    if (token === undefined) return false;
    registry.auth = { kind: 'bearer' };
    input.registryToken = token.trim() || undefined;
  }

  if (registry.url.toLowerCase().startsWith('https:')) {
    const tls = await vscode.window.showQuickPick([
      { label: 'Verify with the system CAs', mode: 'system' as const },
      { label: 'Verify with a CA file…', mode: 'file' as const },
      { label: '$(warning) Do not verify the certificate', description: 'insecure: only for throwaway registries', mode: 'skip' as const },
    ], { title: `${title} (6/6 registry TLS)`, placeHolder: prev?.skipVerify ? 'Current: not verified' : prev?.caFile ? `Current: CA ${prev.caFile}` : 'How to check the registry\'s certificate', ignoreFocusOut: true });
    if (!tls) return false;
    if (tls.mode === 'file') {
      const ca = await ask('6/6 registry CA file', {
        title, prompt: 'CA file: full path of a PEM file', value: prev?.caFile ?? '',
        validateInput: (v) => (v.trim() ? pemFileError(v.trim(), 'CA file') : 'Enter the path of the PEM file with the CA that signed the registry\'s certificate.'),
      });
      if (ca === undefined) return false;
      registry.caFile = ca.trim();
    } else if (tls.mode === 'skip') {
      const ok = 'Skip Verification';
      const a = await vscode.window.showWarningMessage('Skipping certificate verification lets anyone on the network impersonate the Schema Registry and read the password or token sent to it.', { modal: true }, ok);
      if (a !== ok) return false;
      registry.skipVerify = true;
    }
  }
  input.schemaRegistry = registry;
  return true;
}
