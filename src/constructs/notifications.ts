/**
 * The team's encrypted SNS topic and the one alert per failed build it receives, from an
 * EventBridge rule. The infrastructure configurations name no topic: Image Builder would send
 * a second message for the same failure (and one for every success).
 */
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import type { Team } from '../fleet/model.js';

/** Image Builder image states that mean a build needs a person. */
export const FAILED_STATES = ['FAILED'];

export class Notifications extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, team: Team) {
    super(scope, id);
    this.topic = new SnsTopic(this, 'topic', {
      name: `${team.name}-image-builds`,
      kmsMasterKeyId: team.kmsKeyId,
    });
    for (const email of team.emails) {
      new SnsTopicSubscription(this, `email-${email}`, { topicArn: this.topic.arn, protocol: 'email', endpoint: email });
    }
    const rules = failedBuildPatterns(team).map((eventPattern, i) => {
      const suffix = i === 0 ? '' : `-${i + 1}`;
      const rule = new CloudwatchEventRule(this, `build-failed${suffix}`, {
        name: `${team.name}-image-build-failed${suffix}`,
        description: `Failed EC2 Image Builder builds of team ${team.name}`,
        eventPattern,
      });
      new CloudwatchEventTarget(this, `build-failed${suffix}-to-topic`, { rule: rule.name, targetId: 'team-topic', arn: this.topic.arn });
      return rule;
    });
    new SnsTopicPolicy(this, 'topic-policy', {
      arn: this.topic.arn,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountPublish',
            Effect: 'Allow',
            Principal: { AWS: `arn:${team.partition}:iam::${team.account.id}:root` },
            Action: ['sns:Publish', 'sns:Subscribe', 'sns:GetTopicAttributes'],
            Resource: this.topic.arn,
          },
          {
            Sid: 'FailedBuildAlerts',
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

/** The event patterns of a team's failed builds: image prefixes sorted (reordering images changes nothing), packed under the limit. */
export function failedBuildPatterns(team: Team): string[] {
  const pattern = (resources: { prefix: string }[]) =>
    JSON.stringify({
      source: ['aws.imagebuilder'],
      'detail-type': ['EC2 Image Builder Image State Change'],
      resources,
      detail: { state: { status: FAILED_STATES } },
    });
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
