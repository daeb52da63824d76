/** Credentials of a role assumed from the environment's credentials, as the stacks' providers assume theirs. */
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';

/** The role's temporary credentials, refreshed by the SDK when they expire; `tags` are session tags (sts:TagSession). */
export function assumedRole(roleArn: string, sessionName: string, tags: Readonly<Record<string, string>> = {}): ReturnType<typeof fromTemporaryCredentials> {
  const Tags = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  return fromTemporaryCredentials({ params: { RoleArn: roleArn, RoleSessionName: sessionName, ...(Tags.length ? { Tags } : {}) } });
}
