/**
 * Automatic rebuilds on critical Amazon Inspector findings (src/model/automatic-rebuild.ts): the
 * team's rule on its build account's findings bus, the two state machines, and their roles. Only
 * AWS-managed pieces: EventBridge, Step Functions with AWS SDK integrations, IAM.
 */
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import { Construct } from 'constructs';
import {
  automaticRebuildPermissions,
  findingRouterDefinition,
  rebuildDefinition,
  stateMachineArn,
  stateMachineNames,
} from '../../model/automatic-rebuild.js';
import type { Team } from '../../model/fleet/fleet.js';
import { CRITICAL_FINDING_PATTERN, FINDINGS_BUS_NAME } from '../../model/foundation/findings-bus.js';
import { teamBoundaryArn, teamRoleNames } from '../../model/names.js';
import { policy } from '../../model/foundation/policy-document.js';
import { tagsArgument } from './tags.js';

/** The name of the team's rule on the findings bus. */
export function criticalFindingRuleName(team: string): string {
  return `${team}-image-critical-finding`;
}

/** A role only one AWS service may assume, and only for the given resources of the team's account. */
function serviceRole(
  scope: Construct,
  id: string,
  name: string,
  description: string,
  service: string,
  team: Team,
  sourceArns: string[],
): IamRole {
  return new IamRole(scope, id, {
    name,
    description,
    permissionsBoundary: teamBoundaryArn(team.partition, team.account.id),
    assumeRolePolicy: JSON.stringify(
      policy({
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': team.account.id }, ArnEquals: { 'aws:SourceArn': sourceArns } },
      }),
    ),
  });
}

/** The rule, state machines and roles of a team with at least one image that rebuilds on critical findings. */
export class AutomaticRebuilds extends Construct {
  constructor(scope: Construct, id: string, team: Team) {
    super(scope, id);
    const names = stateMachineNames(team.name);
    const roles = teamRoleNames(team.name);
    const tags = tagsArgument(team.tags);
    const workflowRole = serviceRole(
      this,
      'workflow-role',
      roles.automaticRebuild,
      `Automatic rebuilds of team ${team.name} on critical Amazon Inspector findings`,
      'states.amazonaws.com',
      team,
      [stateMachineArn(team, names.router), stateMachineArn(team, names.rebuild)],
    );
    new IamRolePolicy(this, 'workflow-permissions', {
      name: 'automatic-rebuild',
      role: workflowRole.id,
      policy: JSON.stringify(automaticRebuildPermissions(team)),
    });
    const rebuild = new SfnStateMachine(this, 'rebuild', {
      name: names.rebuild,
      type: 'STANDARD',
      roleArn: workflowRole.arn,
      definition: JSON.stringify(rebuildDefinition(team)),
      tags,
    });
    const router = new SfnStateMachine(this, 'router', {
      name: names.router,
      type: 'STANDARD',
      roleArn: workflowRole.arn,
      definition: JSON.stringify(findingRouterDefinition(team)),
      tags,
      dependsOn: [rebuild],
    });

    const rule = new CloudwatchEventRule(this, 'critical-finding', {
      name: criticalFindingRuleName(team.name),
      description: `Critical Amazon Inspector findings with a fix, checked against team ${team.name}'s AMIs`,
      eventBusName: FINDINGS_BUS_NAME,
      eventPattern: JSON.stringify(CRITICAL_FINDING_PATTERN),
      tags,
    });
    const eventsRole = serviceRole(
      this,
      'events-role',
      roles.findingEvents,
      `EventBridge starts team ${team.name}'s finding router`,
      'events.amazonaws.com',
      team,
      [`arn:${team.partition}:events:${team.region}:${team.account.id}:rule/${FINDINGS_BUS_NAME}/${criticalFindingRuleName(team.name)}`],
    );
    new IamRolePolicy(this, 'events-permissions', {
      name: 'start-finding-router',
      role: eventsRole.id,
      policy: JSON.stringify(
        policy({ Sid: 'StartTheRouter', Effect: 'Allow', Action: 'states:StartExecution', Resource: stateMachineArn(team, names.router) }),
      ),
    });
    new CloudwatchEventTarget(this, 'critical-finding-to-router', {
      rule: rule.name,
      eventBusName: FINDINGS_BUS_NAME,
      targetId: 'finding-router',
      arn: router.arn,
      roleArn: eventsRole.arn,
    });
  }
}
