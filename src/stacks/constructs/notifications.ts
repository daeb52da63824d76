/**
 * The team's encrypted SNS topic and what it receives from EventBridge rules: one alert per
 * failed build, one per image scan with findings at or above the platform's `cveAlertSeverity`,
 * and one per automatic rebuild. The infrastructure configurations name no topic: Image Builder
 * would send a second message for the same failure (and one for every success).
 */
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { automaticRebuildImages, stateMachineArn, stateMachineNames } from '../../model/automatic-rebuild.js';
import type { Team } from '../../model/fleet/fleet.js';
import { accountRoot, alertRuleName, alertTopicName } from '../../model/names.js';

/** Image Builder image states that mean a build needs a person. */
export const FAILED_STATES = ['FAILED'];

export class Notifications extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, team: Team) {
    super(scope, id);
    this.topic = new SnsTopic(this, 'topic', {
      name: alertTopicName(team.name),
      kmsMasterKeyId: team.kmsKeyId,
    });
    for (const email of team.emails) {
      new SnsTopicSubscription(this, `email-${email}`, { topicArn: this.topic.arn, protocol: 'email', endpoint: email });
    }
    const alerts = [
      { id: 'build-failed', what: 'Failed EC2 Image Builder builds', patterns: failedBuildPatterns(team) },
      { id: 'cve-detected', what: 'EC2 Image Builder image scans with findings', patterns: cveDetectedPatterns(team) },
      { id: 'automatic-rebuild', what: 'Automatic rebuilds on critical findings', patterns: automaticRebuildPatterns(team) },
    ];
    const rules = alerts.flatMap(({ id, what, patterns }) =>
      patterns.map((eventPattern, i) => {
        const suffix = i === 0 ? '' : `-${i + 1}`;
        const rule = new CloudwatchEventRule(this, `${id}${suffix}`, {
          name: alertRuleName(team.name, id, i),
          description: `${what} of team ${team.name}`,
          eventPattern,
        });
        new CloudwatchEventTarget(this, `${id}${suffix}-to-topic`, { rule: rule.name, targetId: 'team-topic', arn: this.topic.arn });
        return rule;
      }),
    );
    new SnsTopicPolicy(this, 'topic-policy', {
      arn: this.topic.arn,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountPublish',
            Effect: 'Allow',
            Principal: { AWS: accountRoot(team.partition, team.account.id) },
            Action: ['sns:Publish', 'sns:Subscribe', 'sns:GetTopicAttributes'],
            Resource: this.topic.arn,
          },
          {
            Sid: 'ImageBuilderAlerts',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: this.topic.arn,
            Condition: { ArnEquals: { 'aws:SourceArn': rules.map((rule) => rule.arn) } },
          },
        ],
      }),
    });
  }
}

/**
 * EventBridge allows 4,096 bytes of event pattern (internal/service/events/rule.go,
 * validateEventPatternValue); one image prefix takes up to about 170, so a team's images are
 * split over as many rules as their prefixes need.
 */
export const EVENT_PATTERN_MAX_BYTES = 4096;

/** The event patterns of a team's failed builds. */
export function failedBuildPatterns(team: Team): string[] {
  return imageEventPatterns(team, 'EC2 Image Builder Image State Change', { state: { status: FAILED_STATES } });
}

/** Severities in the CVE Detected event's `finding-severity-counts`, most severe first. */
const SEVERITIES = ['critical', 'high', 'medium'] as const;

/**
 * The event patterns of a team's image scans with a finding at or above its `cveAlertSeverity`
 * (none for `none`). The event's `resources` hold the image ARN; its `finding-severity-counts` count
 * critical, high and medium findings (EC2 Image Builder User Guide, "Event messages that Image
 * Builder sends": EC2 Image Builder CVE Detected).
 */
export function cveDetectedPatterns(team: Team): string[] {
  const severity = team.cveAlertSeverity;
  if (severity === 'none') return [];
  const counted = SEVERITIES.slice(0, SEVERITIES.indexOf(severity) + 1);
  const any = counted.map((level) => ({ 'finding-severity-counts': { [level]: [{ numeric: ['>', 0] }] } }));
  return imageEventPatterns(team, 'EC2 Image Builder CVE Detected', any.length === 1 ? any[0]! : { $or: any });
}

/** Step Functions statuses of an execution that did not finish its work. */
const UNFINISHED = ['FAILED', 'TIMED_OUT', 'ABORTED'];

/**
 * The pattern of what the team hears of its automatic rebuilds (none without them): every finished
 * rebuild (it started a build, or one was running) and any router or rebuild that failed, from
 * the "Step Functions Execution Status Change" events of standard workflows.
 */
export function automaticRebuildPatterns(team: Team): string[] {
  if (!automaticRebuildImages(team).length) return [];
  const names = stateMachineNames(team.name);
  return [
    JSON.stringify({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: {
        $or: [
          { stateMachineArn: [stateMachineArn(team, names.rebuild)], status: ['SUCCEEDED', ...UNFINISHED] },
          { stateMachineArn: [stateMachineArn(team, names.router)], status: UNFINISHED },
        ],
      },
    }),
  ];
}

/** Patterns of one Image Builder event for the team's images: image prefixes sorted (reordering images changes nothing), packed under the limit. */
function imageEventPatterns(team: Team, detailType: string, detail: object): string[] {
  const pattern = (resources: { prefix: string }[]) =>
    JSON.stringify({ source: ['aws.imagebuilder'], 'detail-type': [detailType], resources, detail });
  const prefixes = team.images
    .map((image) => ({ prefix: `arn:${team.partition}:imagebuilder:${team.region}:${team.account.id}:image/${image.resourceName}/` }))
    .sort((a, b) => a.prefix.localeCompare(b.prefix));
  const chunks: { prefix: string }[][] = [[]];
  for (const prefix of prefixes) {
    const last = chunks.at(-1)!;
    if (last.length && Buffer.byteLength(pattern([...last, prefix])) > EVENT_PATTERN_MAX_BYTES) chunks.push([prefix]);
    else last.push(prefix);
  }
  return chunks.map(pattern);
}
