/** The team's encrypted SNS topic that build results and failures are sent to. */
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import type { Team } from '../fleet/model.js';

export class Notifications extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, team: Team) {
    super(scope, id);
    this.topic = new SnsTopic(this, 'topic', {
      name: `${team.name}-image-builds`,
      kmsMasterKeyId: team.kmsKeyId,
    });
    for (const email of team.emails) {
      new SnsTopicSubscription(this, `email-${email}`, {
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: email,
      });
    }
  }
}
