/**
 * The route of Amazon Inspector's critical findings to the automatic rebuilds: what the foundation
 * stacks build (a findings bus in each build account, forwarding rules where the AMIs run) and what
 * the team stacks listen to, named in one place. Pure data, no cdktf.
 *
 * Inspector publishes a finding on the default event bus of the account and region of the instance
 * (Amazon Inspector User Guide, "Amazon EventBridge event schema for Amazon Inspector events"), so
 * each account and region that holds an image's AMIs forwards them to the bus of the image's build
 * account and region, where the team's rule picks them up.
 */

/** The custom event bus of each build account and team region that collects the forwarded findings. */
export const FINDINGS_BUS_NAME = 'golden-ami-findings';

/** The role EventBridge uses in each account to put findings on the build accounts' buses. */
export const FINDING_FORWARDER_ROLE_NAME = 'golden-ami-finding-forwarder';

/** `arn:<partition>:events:<region>:<account>:event-bus/golden-ami-findings`. */
export function findingsBusArn(partition: string, region: string, accountId: string): string {
  return `arn:${partition}:events:${region}:${accountId}:event-bus/${FINDINGS_BUS_NAME}`;
}

/** The forwarding rule of one findings bus (one rule per bus: a rule holds at most five targets). */
export function forwardingRuleName(buildAccountId: string, busRegion: string): string {
  return `golden-ami-findings-to-${buildAccountId}-${busRegion}`;
}

/**
 * The findings worth a rebuild: active, critical, with a fix available, on an EC2 instance. Field
 * names and values are those of the "Inspector2 Finding" event (Amazon Inspector User Guide, EventBridge
 * event schema; `severity`, `fixAvailable` YES/NO/PARTIAL, `status` ACTIVE/SUPPRESSED/CLOSED, resource
 * `type` AWS_EC2_INSTANCE).
 */
export const CRITICAL_FINDING_PATTERN = {
  source: ['aws.inspector2'],
  'detail-type': ['Inspector2 Finding'],
  detail: {
    severity: ['CRITICAL'],
    fixAvailable: ['YES'],
    status: ['ACTIVE'],
    resources: { type: ['AWS_EC2_INSTANCE'] },
  },
} as const;
