/**
 * The AWS SDK clients of a command: one per service, region and account, each account's calls
 * made with one assumed-role session (or the environment's credentials), retries and paging left
 * to the SDK.
 */
import { assumedRole } from './assumed-role.js';

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
  credentials?: ReturnType<typeof assumedRole>;
}

/** A client class of the SDK, e.g. EC2Client. */
export type ClientClass<C> = new (config: ClientConfig) => C;

/** Makes (and keeps) clients; `roleArnOf` names the role to assume in an account, or undefined for the environment's credentials. */
export type ClientFor = <C>(Client: ClientClass<C>, region: string, accountId: string) => C;

/** Clients of the role `roleArnOf` names in each account (with the session tags given), or of the environment's credentials. */
export function awsClients(roleArnOf: ((accountId: string) => string) | undefined, sessionName: string, sessionTags: Readonly<Record<string, string>> = {}): ClientFor {
  process.env[NODE_VERSION_WARNING_SWITCH] ??= 'true';
  const sessions = new Map<string, ReturnType<typeof assumedRole>>();
  const clients = new Map<string, unknown>();
  return <C>(Client: ClientClass<C>, region: string, accountId: string): C => {
    const key = `${Client.name}/${region}/${accountId}`;
    if (!clients.has(key)) {
      let credentials = sessions.get(accountId);
      if (roleArnOf && !credentials) sessions.set(accountId, (credentials = assumedRole(roleArnOf(accountId), sessionName, sessionTags)));
      clients.set(key, new Client({ region, maxAttempts: MAX_ATTEMPTS, ...(credentials ? { credentials } : {}) }));
    }
    return clients.get(key) as C;
  };
}
