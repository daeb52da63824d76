/** The role and instance profile build and test instances run with. */
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { buildPermissionStatements } from '../../model/fleet/build-permissions.js';
import { owningTeam, type Team } from '../../model/fleet/fleet.js';
import { awsManagedPolicyArn, BUILD_MANAGED_POLICIES, teamBoundaryArn, teamLogPrefix, teamRoleNames } from '../../model/names.js';

/**
 * Build role: SSM and Image Builder managed policies, put-object to the team's own prefix of the
 * log bucket, and the read permissions the team names in `buildInstance.permissions`.
 */
export class BuildRole extends Construct {
  readonly instanceProfileName: string;

  constructor(scope: Construct, id: string, team: Team) {
    super(scope, id);
    const role = new IamRole(this, 'role', {
      name: teamRoleNames(team.name).build,
      description: `EC2 Image Builder build and test instances of team ${team.name}`,
      permissionsBoundary: teamBoundaryArn(team.partition, team.account.id),
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    });
    for (const policy of BUILD_MANAGED_POLICIES) {
      new IamRolePolicyAttachment(this, policy, {
        role: role.name,
        policyArn: awsManagedPolicyArn(team.partition, policy),
      });
    }
    new IamRolePolicy(this, 'write-logs', {
      name: 'write-build-logs',
      role: role.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:PutObject',
            Resource: `arn:${team.partition}:s3:::${team.logBucket}/${teamLogPrefix(owningTeam(team), team.preview?.id)}/*`,
          },
        ],
      }),
    });
    const statements = buildPermissionStatements(team.buildPermissions, team.partition);
    if (statements.length) {
      new IamRolePolicy(this, 'extra-read-permissions', {
        name: 'extra-read-permissions',
        role: role.id,
        policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
      });
    }
    const profile = new IamInstanceProfile(this, 'instance-profile', {
      name: teamRoleNames(team.name).build,
      role: role.name,
    });
    this.instanceProfileName = profile.name;
  }
}
