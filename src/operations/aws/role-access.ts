/**
 * A command's way into each account: the role chain of its role (command-role.ts), assumed from the
 * credentials of the environment, one session per account (the first hop shared), and errors that
 * say what to configure instead of the SDK's "Could not load credentials from any providers" or STS's
 * AccessDenied.
 */
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { CI_ROLE_NAMES, OPERATOR_ROLE_NAMES, RELEASE_ROLE_NAME, roleNameOfTemplate } from '../../model/names.js';
import { roleChain, type CommandRole, type RoleSettings } from '../../model/command-roles.js';
import { awsText } from './response-text.js';

/** A credential provider, as the SDK's clients take one. */
export type AwsCredentialIdentityProvider = ReturnType<typeof fromNodeProviderChain>;
type AwsCredentialIdentity = Awaited<ReturnType<AwsCredentialIdentityProvider>>;

/** Credentials that could not be had, with what to configure; the AWS errors of every call made with them say the same. */
export class RoleAccessError extends Error {
  override name = 'RoleAccessError';
}

/** How a command reaches each account. */
export interface RoleAccess {
  role: CommandRole;
  /** The credentials to use in an account. */
  credentialsFor(accountId: string): AwsCredentialIdentityProvider;
  /** Gets an account's credentials now; what to configure when they cannot be had. */
  check(accountId: string): Promise<string | undefined>;
  /** One line for a person: the role, the accounts and where the credentials come from. */
  describe(accountIds: readonly string[]): string;
}

export interface RoleAccessOptions {
  sessionName: string;
  /** Session tags of the last role of the chain (the `Team` tag the deploy and rebuild roles' statements are bound to). */
  sessionTags?: Readonly<Record<string, string>>;
  /** The credentials the first role is assumed with; by default the SDK's chain (AWS_PROFILE, SSO, environment, ...). */
  baseCredentials?: AwsCredentialIdentityProvider;
  env?: NodeJS.ProcessEnv;
}

/** Refreshed this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** A provider that asks once and again only when the credentials are about to expire (so a shared first hop is assumed once). */
function cached(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let current: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const held = current && (await current.catch(() => undefined));
    if (!held || (held.expiration && held.expiration.getTime() - Date.now() < REFRESH_MARGIN_MS)) current = provider();
    return current!;
  };
}

/** A provider whose failures are explained by `explain` (a RoleAccessError passes through as it is). */
function explained(provider: AwsCredentialIdentityProvider, explain: (error: unknown) => string): AwsCredentialIdentityProvider {
  return async () => {
    try {
      return await provider();
    } catch (error) {
      throw error instanceof RoleAccessError ? error : new RoleAccessError(explain(error));
    }
  };
}

/** `Name: first line`, sanitised (the text comes from AWS or the SDK). */
const firstLine = (error: unknown) =>
  awsText(`${error instanceof Error ? error.name : 'Error'}: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]!}`);
const lastSegment = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/** Where the environment's credentials come from, for a person. */
function credentialSource(env: NodeJS.ProcessEnv): string {
  if (env.AWS_PROFILE) return `the profile AWS_PROFILE=${env.AWS_PROFILE}`;
  if (env.AWS_ACCESS_KEY_ID) return 'AWS_ACCESS_KEY_ID';
  return 'the default profile';
}

/** Who the platform lets assume an operator role, for a message. */
function namedOperators(platform: RoleSettings, group: 'readOnly' | 'rebuild'): string {
  const foundation = platform.foundation;
  const named = foundation?.operators?.[group];
  const sets =
    foundation && named
      ? named.permissionSets.map(
          (set) =>
            `permission set ${set} in ${foundation.stateAccount} (${platform.accounts[foundation.stateAccount] ?? 'not in the account directory'})`,
        )
      : [];
  return [...sets, ...(named?.roles ?? [])].join(', ') || 'nobody';
}

/** What to do when the role `arn` (hop `hop` of `role`'s chain) cannot be assumed. */
function assumeAdvice(platform: RoleSettings, role: CommandRole, hop: number): string {
  const guide = 'docs/platform.md, "Working locally as a platform engineer"';
  switch (role) {
    case 'plan':
      return `the plan role trusts only ${CI_ROLE_NAMES.plan} and ${OPERATOR_ROLE_NAMES.readOnly}: use a profile whose role_arn is the operator role (${guide}), or --role operator from your IAM Identity Center profile`;
    case 'operator':
      return hop === 0
        ? `${OPERATOR_ROLE_NAMES.readOnly} trusts ${namedOperators(platform, 'readOnly')} (context.platform.foundation.operators.readOnly): sign in with one of them (aws sso login --profile <profile>, ${guide}), or ask the platform team to add yours`
        : `the plan role does not trust ${OPERATOR_ROLE_NAMES.readOnly} yet: the foundation stack of this account must be deployed with the operators setting`;
    case 'rebuild':
      return `${OPERATOR_ROLE_NAMES.rebuild} trusts ${namedOperators(platform, 'rebuild')} (context.platform.foundation.operators.rebuild): sign in with one of them (aws sso login --profile <profile>, ${guide}), or ask the platform team to add yours`;
    case 'deploy':
      return `${lastSegment(roleNameOfTemplate(platform.deployRole))} trusts only CI's ${CI_ROLE_NAMES.deploy}: people use --role rebuild (${guide})`;
    case 'release':
      return `${RELEASE_ROLE_NAME} is the foundation's releaser role of every fleet account: sign in with a permission set the platform lets assume it (${guide})`;
    case 'current':
      return '';
  }
}

/** Access as `role` to the accounts of a platform. */
export function roleAccess(platform: RoleSettings, role: CommandRole, options: RoleAccessOptions): RoleAccess {
  const env = options.env ?? process.env;
  const source = credentialSource(env);
  const base = cached(
    explained(options.baseCredentials ?? fromNodeProviderChain(), (error) => {
      const login = env.AWS_PROFILE
        ? `aws sso login --profile ${env.AWS_PROFILE}`
        : 'aws sso login --profile <profile>, then export AWS_PROFILE=<profile>';
      return `no AWS credentials from ${source} (${firstLine(error)}): sign in (${login}), or set AWS_PROFILE to a profile of docs/platform.md, "Working locally as a platform engineer"`;
    }),
  );
  // One provider per role ARN: a hop shared by every account (the operator role) is assumed once.
  const hops = new Map<string, AwsCredentialIdentityProvider>();
  const hop = (arn: string, index: number, from: AwsCredentialIdentityProvider, last: boolean): AwsCredentialIdentityProvider => {
    const key = `${index}:${arn}`;
    if (!hops.has(key)) {
      const Tags = last ? Object.entries(options.sessionTags ?? {}).map(([Key, Value]) => ({ Key, Value })) : [];
      const assumed = fromTemporaryCredentials({
        params: { RoleArn: arn, RoleSessionName: options.sessionName, ...(Tags.length ? { Tags } : {}) },
        masterCredentials: from,
        clientConfig: { region: platform.stateRegion },
      });
      hops.set(
        key,
        cached(
          explained(
            assumed,
            (error) =>
              `cannot assume ${arn} (--role ${role}) with the credentials of ${source} (${firstLine(error)}): ${assumeAdvice(platform, role, index)}`,
          ),
        ),
      );
    }
    return hops.get(key)!;
  };
  const credentialsFor = (accountId: string) => {
    const chain = roleChain(platform, role, accountId);
    return chain.reduce((from, arn, index) => hop(arn, index, from, index === chain.length - 1), base);
  };
  return {
    role,
    credentialsFor,
    async check(accountId) {
      try {
        // The environment's credentials first: without them, no role is assumed, and that is what to say.
        await base();
        await credentialsFor(accountId)();
        return undefined;
      } catch (error) {
        return error instanceof RoleAccessError ? error.message : firstLine(error);
      }
    },
    describe(accountIds) {
      const accounts = `account${accountIds.length === 1 ? '' : 's'} ${accountIds.join(', ')}`;
      if (role === 'current') return `Using the credentials of ${source} as they are (--role current) in ${accounts}.`;
      const chains = accountIds.map((id) => roleChain(platform, role, id));
      const first = chains[0]!.length > 1 ? `${chains[0]![0]!}, then ` : '';
      return `Using --role ${role}: ${first}${lastSegment(chains[0]!.at(-1)!)} in ${accounts}, assumed with the credentials of ${source}.`;
    },
  };
}
