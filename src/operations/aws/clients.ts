/**
 * The AWS SDK clients of a command: one per service, region and account, each account's calls
 * made with the credentials of the command's role there (role-access.ts), retries and paging left
 * to the SDK.
 */
import type { AwsCredentialIdentityProvider, RoleAccess } from './role-access.js';

/** Retries (with backoff, throttling included) are the SDK's: standard mode, this many attempts a call. */
const MAX_ATTEMPTS = 6;

/**
 * The SDK's switch for its NodeVersionSupportWarning, which it prints (8 lines) on Node 20 in the
 * first client each process makes (aws/aws-sdk-js-v3 issue #7983). The project supports Node
 * 20.19+ with the SDK it pins, so the warning only buries each command's own output; a value the
 * user set is left alone.
 */
const NODE_VERSION_WARNING_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

interface ClientConfig {
  region: string;
  maxAttempts: number;
  credentials: AwsCredentialIdentityProvider;
}

/** A client class of the SDK, e.g. EC2Client. */
export type ClientClass<C> = new (config: ClientConfig) => C;

/** Makes (and keeps) the clients of a command: one per service, region and account. */
export type ClientFor = <C>(Client: ClientClass<C>, region: string, accountId: string) => C;

/** Clients with the credentials `access` gives in each account (role-access.ts: the role chain of the command's role). */
export function awsClients(access: Pick<RoleAccess, 'credentialsFor'>): ClientFor {
  process.env[NODE_VERSION_WARNING_SWITCH] ??= 'true';
  const clients = new Map<string, unknown>();
  return <C>(Client: ClientClass<C>, region: string, accountId: string): C => {
    const key = `${Client.name}/${region}/${accountId}`;
    if (!clients.has(key))
      clients.set(key, new Client({ region, maxAttempts: MAX_ATTEMPTS, credentials: access.credentialsFor(accountId) }));
    return clients.get(key) as C;
  };
}
