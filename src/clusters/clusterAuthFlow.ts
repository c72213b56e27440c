// The Add/Edit Cluster questions for token-based SASL (OAUTHBEARER client credentials, AWS MSK IAM), kept
// apart from clusterFlow.ts's user/password steps. Each box checks what is typed as it is typed.
import * as vscode from 'vscode';
import { regionFromHost } from '../kafka/client/auth/mskIam';
import { awsProfileError, awsRegionError, ClusterConfig, parseBootstrapServers, parseHostPort, tokenEndpointUrlError } from '../kafka/rules/clusterConfig';
import { ClusterInput } from './clusterInput';

type Ask = (step: string, opts: vscode.InputBoxOptions) => Promise<string | undefined>;

/** Asks the OAUTHBEARER or MSK IAM settings into `input`; false when cancelled. */
export async function askTokenAuth(ask: Ask, title: string, security: 'oauthbearer' | 'aws-msk-iam', input: ClusterInput, current?: ClusterConfig): Promise<boolean> {
  if (security === 'aws-msk-iam') {
    const servers = parseBootstrapServers(Array.isArray(input.bootstrapServers) ? input.bootstrapServers.join(',') : input.bootstrapServers);
    const fromHost = 'servers' in servers ? servers.servers.map((s) => { const hp = parseHostPort(s); return 'host' in hp ? regionFromHost(hp.host) : undefined; }).find((r) => r) : undefined;
    const region = await ask('3/6 AWS region', {
      title, value: current?.awsIam?.region ?? '',
      prompt: fromHost
        ? `AWS region of the cluster. Empty: ${fromHost}, from the broker host name.`
        : 'AWS region of the cluster, e.g. us-east-1. Empty: AWS_REGION, else the profile\'s region.',
      validateInput: (v) => awsRegionError(v),
    });
    if (region === undefined) return false;
    const profile = await ask('3/6 AWS profile', {
      title, value: current?.awsIam?.profile ?? '',
      prompt: 'AWS profile (~/.aws/config, ~/.aws/credentials; SSO and role profiles once the AWS CLI has cached them). Empty: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else AWS_PROFILE, else "default".',
      validateInput: (v) => awsProfileError(v),
    });
    if (profile === undefined) return false;
    input.awsRegion = region.trim() || undefined;
    input.awsProfile = profile.trim() || undefined;
    return true;
  }
  const url = await ask('3/6 token endpoint', {
    title, value: current?.oauth?.tokenEndpointUrl ?? '', placeHolder: 'https://login.example.com/oauth2/token',
    prompt: 'OAuth 2 token endpoint URL (client-credentials grant)', validateInput: (v) => tokenEndpointUrlError(v),
  });
  if (url === undefined) return false;
  const clientId = await ask('3/6 client id', {
    title, value: current?.oauth?.clientId ?? '', prompt: 'OAuth client id', validateInput: (v) => (v.trim() ? undefined : 'Enter the OAuth client id.'),
  });
  if (clientId === undefined) return false;
  const keep = !!current?.oauth;
  const secret = await ask('3/6 client secret', {
    title, password: true,
    prompt: (keep ? 'Client secret (leave empty to keep the stored one). ' : 'Client secret. ') + 'Kept in VS Code\'s secret storage, never in settings.',
    validateInput: (v) => (v || keep ? undefined : 'Enter the OAuth client secret.'),
  });
  if (secret === undefined) return false;
  const scope = await ask('3/6 scope', {
    title, value: current?.oauth?.scope ?? '', prompt: 'Scope to ask for, space-separated (optional: empty asks for the client\'s default scope)',
    validateInput: (v) => (/["\\]/.test(v) ? 'A scope cannot contain " or \\.' : undefined),
  });
  if (scope === undefined) return false;
  input.oauth = { tokenEndpointUrl: url.trim(), clientId: clientId.trim(), scope: scope.trim() || undefined };
  input.clientSecret = secret || undefined;
  return true;
}
