/**
 * The route of critical Amazon Inspector findings (./findings-bus.ts): in a build account, a findings
 * bus per team region that accepts them from the accounts holding its AMIs; in every account holding
 * AMIs of an image that rebuilds on findings, a rule per bus that forwards them there.
 */
import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { CloudwatchEventBusPolicy } from '@cdktf/provider-aws/lib/cloudwatch-event-bus-policy';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import {
  CRITICAL_FINDING_PATTERN,
  FINDING_FORWARDER_ROLE_NAME,
  FINDINGS_BUS_NAME,
  findingsBusArn,
  forwardingRuleName,
} from '../../model/foundation/findings-bus.js';
import { regionArgument, type Foundation, type FoundationAccount, type FindingsBus } from '../../model/foundation/foundation.js';
import { accountRoot, roleArn } from '../../model/names.js';
import { policy, type PolicyDocument } from '../../model/foundation/policy-document.js';

/** Who may put events on a build account's bus: the forwarder role of each account that holds its AMIs, its own included. */
export function findingsBusPolicy(f: Foundation, account: FoundationAccount, bus: FindingsBus): PolicyDocument {
  return policy({
    Sid: 'ForwardedCriticalFindings',
    Effect: 'Allow',
    Principal: { AWS: bus.senderAccountIds.map((id) => accountRoot(f.partition, id)) },
    Action: 'events:PutEvents',
    Resource: findingsBusArn(f.partition, bus.region, account.id),
    Condition: {
      ArnEquals: { 'aws:PrincipalArn': bus.senderAccountIds.map((id) => roleArn(f.partition, id, FINDING_FORWARDER_ROLE_NAME)) },
    },
  });
}

/** The forwarder role's trust: EventBridge, for this account's rules only. */
export function forwarderTrustPolicy(account: FoundationAccount): PolicyDocument {
  return policy({
    Effect: 'Allow',
    Principal: { Service: 'events.amazonaws.com' },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'aws:SourceAccount': account.id } },
  });
}

/** The forwarder role's permissions: put events on the buses this account forwards to, nothing else. */
export function forwarderPermissions(f: Foundation, account: FoundationAccount): PolicyDocument {
  const buses = [...new Set((account.findingForwarding ?? []).map((to) => findingsBusArn(f.partition, to.busRegion, to.buildAccountId)))];
  return policy({ Sid: 'ForwardCriticalFindings', Effect: 'Allow', Action: 'events:PutEvents', Resource: buses });
}

/** A build account's findings buses and their policies. */
export class FindingsBuses extends Construct {
  constructor(scope: Construct, id: string, f: Foundation, account: FoundationAccount) {
    super(scope, id);
    for (const bus of account.findingsBuses ?? []) {
      const created = new CloudwatchEventBus(this, `bus-${bus.region}`, {
        region: regionArgument(f, bus.region),
        name: FINDINGS_BUS_NAME,
        description: "Critical Amazon Inspector findings from every account holding this account's AMIs",
      });
      if (!bus.senderAccountIds.length) continue;
      new CloudwatchEventBusPolicy(this, `bus-policy-${bus.region}`, {
        region: regionArgument(f, bus.region),
        eventBusName: created.name,
        policy: JSON.stringify(findingsBusPolicy(f, account, bus)),
      });
    }
  }
}

/** The forwarder role and one rule per findings bus this account's critical findings go to. */
export class FindingForwarders extends Construct {
  constructor(scope: Construct, id: string, f: Foundation, account: FoundationAccount) {
    super(scope, id);
    const role = new IamRole(this, 'forwarder-role', {
      name: FINDING_FORWARDER_ROLE_NAME,
      description: 'EventBridge forwards critical Amazon Inspector findings to the golden AMI build accounts',
      assumeRolePolicy: JSON.stringify(forwarderTrustPolicy(account)),
    });
    new IamRolePolicy(this, 'forwarder-permissions', {
      name: 'golden-ami-finding-forwarding',
      role: role.id,
      policy: JSON.stringify(forwarderPermissions(f, account)),
    });
    for (const to of account.findingForwarding ?? []) {
      const name = forwardingRuleName(to.buildAccountId, to.busRegion);
      const rule = new CloudwatchEventRule(this, `${to.region}-${name}`, {
        region: regionArgument(f, to.region),
        name,
        description: `Critical Amazon Inspector findings with a fix, to build account ${to.buildAccountId} (${to.busRegion})`,
        eventPattern: JSON.stringify(CRITICAL_FINDING_PATTERN),
      });
      new CloudwatchEventTarget(this, `${to.region}-${name}-target`, {
        region: regionArgument(f, to.region),
        rule: rule.name,
        targetId: 'findings-bus',
        arn: findingsBusArn(f.partition, to.busRegion, to.buildAccountId),
        roleArn: role.arn,
      });
    }
  }
}
