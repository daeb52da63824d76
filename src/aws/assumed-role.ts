/** Credentials of a role assumed from the environment's credentials, as the stacks' providers assume theirs. */
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';

/** The role's temporary credentials, refreshed by the SDK when they expire. */
export function assumedRole(roleArn: string, sessionName: string): ReturnType<typeof fromTemporaryCredentials> {
  return fromTemporaryCredentials({ params: { RoleArn: roleArn, RoleSessionName: sessionName } });
}
