/**
 * The floor for any CDKTF app of this fleet: the same stacks and resources (kinds, counts and
 * about the same arguments) as the real app synthesises for the synthetic fleet, created
 * directly from in-memory data, with no config loading, validation or versioning.
 *
 * Usage: node bin/run.mjs bench/reference-app.ts <teams>   (writes to CDKTF_OUTDIR, like any cdktf app)
 */
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { ImagebuilderComponent } from '@cdktf/provider-aws/lib/imagebuilder-component';
import { ImagebuilderDistributionConfiguration } from '@cdktf/provider-aws/lib/imagebuilder-distribution-configuration';
import { ImagebuilderImagePipeline } from '@cdktf/provider-aws/lib/imagebuilder-image-pipeline';
import { ImagebuilderImageRecipe } from '@cdktf/provider-aws/lib/imagebuilder-image-recipe';
import { ImagebuilderInfrastructureConfiguration } from '@cdktf/provider-aws/lib/imagebuilder-infrastructure-configuration';
import { ImagebuilderLifecyclePolicy } from '@cdktf/provider-aws/lib/imagebuilder-lifecycle-policy';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import { App, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import {
  ACCOUNT_IDS,
  BUILD_ACCOUNT,
  documentsUsedBy,
  kmsKeyArnOf,
  PARENT_IMAGE,
  REGIONS,
  syntheticFleet,
  TARGET_ACCOUNTS,
  TEST_COMPONENT,
  type SyntheticDocument,
  type SyntheticTeam,
} from './fleet-spec.js';

const REGION = REGIONS[0];
const BUILD_ACCOUNT_ID = ACCOUNT_IDS[BUILD_ACCOUNT]!;
const TARGET_ACCOUNT_IDS = TARGET_ACCOUNTS.map((name) => ACCOUNT_IDS[name]!);

function addTeamStack(app: App, team: SyntheticTeam, sharedDocuments: ReadonlyMap<string, SyntheticDocument>): void {
  const stack = new TerraformStack(app, team.name);
  new AwsProvider(stack, 'aws', {
    region: REGION,
    assumeRole: [{ roleArn: `arn:aws:iam::${BUILD_ACCOUNT_ID}:role/golden-ami-deployer`, sessionName: `golden-ami-${team.name}` }],
    defaultTags: [{ tags: { Team: team.name, Source: `teams/${team.name}`, ManagedBy: 'golden-ami-pipelines' } }],
  });
  new S3Backend(stack, { bucket: 'bench-tfstate', key: `teams/${team.name}/terraform.tfstate`, region: REGION, encrypt: true });
  stack.addOverride('terraform.backend.s3.use_lockfile', true);

  const role = new IamRole(stack, 'build-role', {
    name: `${team.name}-imagebuilder-build`,
    assumeRolePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    }),
  });
  for (const policy of ['AmazonSSMManagedInstanceCore', 'EC2InstanceProfileForImageBuilder']) {
    new IamRolePolicyAttachment(stack, policy, { role: role.name, policyArn: `arn:aws:iam::aws:policy/${policy}` });
  }
  new IamRolePolicy(stack, 'write-logs', {
    name: 'write-build-logs',
    role: role.id,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::bench-logs/${team.name}/*` }],
    }),
  });
  const profile = new IamInstanceProfile(stack, 'instance-profile', { name: `${team.name}-imagebuilder-build`, role: role.name });
  const topic = new SnsTopic(stack, 'topic', { name: `${team.name}-image-builds`, kmsMasterKeyId: kmsKeyArnOf(REGION) });
  for (const email of team.emails)
    new SnsTopicSubscription(stack, `email-${email}`, { topicArn: topic.arn, protocol: 'email', endpoint: email });
  const failedBuilds = new CloudwatchEventRule(stack, 'build-failed', {
    name: `${team.name}-image-build-failed`,
    eventPattern: JSON.stringify({
      source: ['aws.imagebuilder'],
      'detail-type': ['EC2 Image Builder Image State Change'],
      resources: team.images.map((image) => ({
        prefix: `arn:aws:imagebuilder:${REGION}:${BUILD_ACCOUNT_ID}:image/${team.name}-${image.name}/`,
      })),
      detail: { state: { status: ['FAILED'] } },
    }),
  });
  new CloudwatchEventTarget(stack, 'build-failed-to-topic', { rule: failedBuilds.name, targetId: 'team-topic', arn: topic.arn });
  const cveDetected = new CloudwatchEventRule(stack, 'cve-detected', {
    name: `${team.name}-image-cve-detected`,
    eventPattern: JSON.stringify({
      source: ['aws.imagebuilder'],
      'detail-type': ['EC2 Image Builder CVE Detected'],
      resources: team.images.map((image) => ({
        prefix: `arn:aws:imagebuilder:${REGION}:${BUILD_ACCOUNT_ID}:image/${team.name}-${image.name}/`,
      })),
      detail: { $or: ['critical', 'high'].map((level) => ({ 'finding-severity-counts': { [level]: [{ numeric: ['>', 0] }] } })) },
    }),
  });
  new CloudwatchEventTarget(stack, 'cve-detected-to-topic', { rule: cveDetected.name, targetId: 'team-topic', arn: topic.arn });
  const rebuildAlerts = addAutomaticRebuilds(stack, team, topic);
  new SnsTopicPolicy(stack, 'topic-policy', {
    arn: topic.arn,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${BUILD_ACCOUNT_ID}:root` },
          Action: ['sns:Publish', 'sns:Subscribe'],
          Resource: topic.arn,
        },
        {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: topic.arn,
          Condition: { ArnEquals: { 'aws:SourceArn': [failedBuilds.arn, cveDetected.arn, ...rebuildAlerts] } },
        },
      ],
    }),
  });
  const lifecycleRole = new IamRole(stack, 'lifecycle-role', {
    name: `${team.name}-imagebuilder-lifecycle`,
    assumeRolePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'imagebuilder.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    }),
  });
  new IamRolePolicyAttachment(stack, 'lifecycle-execution-policy', {
    role: lifecycleRole.name,
    policyArn: 'arn:aws:iam::aws:policy/service-role/EC2ImageBuilderLifecycleExecutionPolicy',
  });

  const localDocuments = new Map(team.localDocuments.map((document) => [document.name, document]));
  const components = new Map(
    documentsUsedBy(team).map((use) => {
      const document = (use.origin === 'shared' ? sharedDocuments : localDocuments).get(use.name)!;
      const component = new ImagebuilderComponent(stack, `component-${use.name}`, {
        name: `${team.name}-${use.name}`,
        platform: 'Linux',
        version: '1.0.0',
        data: document.body,
        description: document.description,
        kmsKeyId: kmsKeyArnOf(REGION),
        skipDestroy: true,
        lifecycle: { createBeforeDestroy: true },
      });
      return [use.name, component];
    }),
  );

  // The team stack's one output for the deploy workflow (builds-on-deploy), here with every image.
  const buildsOnDeploy: Record<string, { pipeline_arn: string; recipe_arn: string }> = {};
  for (const image of team.images) {
    const resourceName = `${team.name}-${image.name}`;
    const recipe = new ImagebuilderImageRecipe(stack, `${image.name}-recipe`, {
      name: resourceName,
      description: image.description,
      version: '1.0.0',
      parentImage: `arn:aws:imagebuilder:${REGION}:aws:image/${PARENT_IMAGE}/x.x.x`,
      component: [
        ...image.components.map((use) => ({
          componentArn: components.get(use.name)!.arn,
          parameter: Object.keys(use.parameters).length
            ? Object.entries(use.parameters).map(([name, value]) => ({ name, value }))
            : undefined,
        })),
        { componentArn: `arn:aws:imagebuilder:${REGION}:aws:component/${TEST_COMPONENT}/x.x.x` },
      ],
      blockDeviceMapping: [
        {
          deviceName: '/dev/xvda',
          ebs: { deleteOnTermination: 'true', encrypted: 'true', kmsKeyId: kmsKeyArnOf(REGION), volumeSize: 30, volumeType: 'gp3' },
        },
      ],
      amiTags: {
        'golden-ami:team': team.name,
        'golden-ami:image': image.name,
        ...Object.fromEntries(image.components.map((use) => [`golden-ami:component:${use.name}`, '1.0.0'])),
        [`golden-ami:component:aws/${TEST_COMPONENT}`]: 'x.x.x',
        'golden-ami:recipe-version': '1.0.0',
      },
      lifecycle: { createBeforeDestroy: true },
    });
    const infrastructure = new ImagebuilderInfrastructureConfiguration(stack, `${image.name}-infrastructure`, {
      name: resourceName,
      instanceProfileName: profile.name,
      instanceTypes: ['m7i.large', 'm6i.large'],
      instanceMetadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
      terminateInstanceOnFailure: true,
      logging: { s3Logs: { s3BucketName: 'bench-logs', s3KeyPrefix: `${team.name}/${image.name}` } },
      snsTopicArn: topic.arn,
      resourceTags: { Team: team.name, Image: image.name },
    });
    const ssmParameterName = `/golden-ami/${team.name}/${image.name}/latest`;
    const distribution = new ImagebuilderDistributionConfiguration(stack, `${image.name}-distribution`, {
      name: resourceName,
      distribution: REGIONS.map((region) => ({
        region,
        amiDistributionConfiguration: {
          name: `${resourceName}-{{ imagebuilder:buildDate }}`,
          description: image.description,
          kmsKeyId: kmsKeyArnOf(region),
          targetAccountIds: TARGET_ACCOUNT_IDS,
          amiTags: { 'golden-ami:team': team.name, 'golden-ami:image': image.name, 'golden-ami:built': '{{ imagebuilder:buildDate }}' },
        },
        ssmParameterConfiguration: [
          { parameterName: ssmParameterName, dataType: 'aws:ec2:image' },
          ...TARGET_ACCOUNT_IDS.map((accountId) => ({
            parameterName: ssmParameterName,
            amiAccountId: accountId,
            dataType: 'aws:ec2:image',
          })),
        ],
      })),
    });
    const pipeline = new ImagebuilderImagePipeline(stack, `${image.name}-pipeline`, {
      name: resourceName,
      description: image.description,
      imageRecipeArn: recipe.arn,
      infrastructureConfigurationArn: infrastructure.arn,
      distributionConfigurationArn: distribution.arn,
      status: 'ENABLED',
      schedule: {
        scheduleExpression: image.cron,
        pipelineExecutionStartCondition: 'EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE',
        timezone: 'UTC',
      },
      imageTestsConfiguration: { imageTestsEnabled: true, timeoutMinutes: 720 },
      imageScanningConfiguration: { imageScanningEnabled: true },
    });
    new TerraformOutput(stack, `${image.name}-pipeline-arn`, { value: pipeline.arn });
    buildsOnDeploy[image.name] = { pipeline_arn: pipeline.arn, recipe_arn: recipe.arn };
    const exclusionRules = [{ amis: [{ tagMap: { Retain: 'true' }, lastLaunched: [{ unit: 'DAYS', value: 30 }] }] }];
    new ImagebuilderLifecyclePolicy(stack, `${image.name}-lifecycle`, {
      name: resourceName,
      executionRole: lifecycleRole.arn,
      resourceType: 'AMI_IMAGE',
      status: 'ENABLED',
      resourceSelection: [{ recipe: [{ name: resourceName, semanticVersion: 'x.x.x' }] }],
      policyDetail: [
        { action: [{ type: 'DEPRECATE' }], filter: [{ type: 'AGE', value: 90, unit: 'DAYS' }], exclusionRules },
        {
          action: [{ type: 'DELETE', includeResources: [{ amis: true, snapshots: true }] }],
          filter: [{ type: 'AGE', value: 180, unit: 'DAYS', retainAtLeast: 3 }],
          exclusionRules,
        },
      ],
    });
  }
  new TerraformOutput(stack, 'builds-on-deploy', { value: buildsOnDeploy });
}

/** A service role for the team's automatic rebuilds, with one inline policy. */
function serviceRole(stack: TerraformStack, id: string, name: string, service: string, statement: object): IamRole {
  const role = new IamRole(stack, id, {
    name,
    assumeRolePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: service },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': BUILD_ACCOUNT_ID } },
        },
      ],
    }),
  });
  new IamRolePolicy(stack, `${id}-policy`, {
    name,
    role: role.id,
    policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }),
  });
  return role;
}

/** The automatic rebuilds of a team with an image that opts in: two state machines, their roles, the findings rule and the alert rule (its ARN, for the topic policy). */
function addAutomaticRebuilds(stack: TerraformStack, team: SyntheticTeam, topic: SnsTopic): string[] {
  const pipelines = team.images
    .filter((image) => image.rebuildOnCriticalFindings)
    .map((image) => `arn:aws:imagebuilder:${REGION}:${BUILD_ACCOUNT_ID}:image-pipeline/${team.name}-${image.name}`);
  if (!pipelines.length) return [];
  const workflowRole = serviceRole(stack, 'auto-rebuild-role', `${team.name}-imagebuilder-auto-rebuild`, 'states.amazonaws.com', {
    Effect: 'Allow',
    Action: ['imagebuilder:GetImagePipeline', 'imagebuilder:ListImagePipelineImages', 'imagebuilder:StartImagePipelineExecution'],
    Resource: pipelines,
  });
  const machine = (id: string, name: string, states: object) =>
    new SfnStateMachine(stack, id, {
      name,
      type: 'STANDARD',
      roleArn: workflowRole.arn,
      definition: JSON.stringify({ QueryLanguage: 'JSONata', StartAt: 'List', States: states }),
    });
  const list = {
    Type: 'Task',
    Resource: 'arn:aws:states:::aws-sdk:imagebuilder:listImagePipelineImages',
    Arguments: { ImagePipelineArn: pipelines[0] },
    End: true,
  };
  const rebuild = machine('auto-rebuild', `${team.name}-image-auto-rebuild`, { List: list });
  const router = machine('finding-router', `${team.name}-image-critical-finding`, { List: list });
  const eventsRole = serviceRole(stack, 'finding-events-role', `${team.name}-imagebuilder-finding-events`, 'events.amazonaws.com', {
    Effect: 'Allow',
    Action: 'states:StartExecution',
    Resource: router.arn,
  });
  const findings = new CloudwatchEventRule(stack, 'critical-finding', {
    name: `${team.name}-image-critical-finding`,
    eventBusName: 'golden-ami-findings',
    eventPattern: JSON.stringify({
      source: ['aws.inspector2'],
      'detail-type': ['Inspector2 Finding'],
      detail: { severity: ['CRITICAL'], fixAvailable: ['YES'] },
    }),
  });
  new CloudwatchEventTarget(stack, 'critical-finding-to-router', {
    rule: findings.name,
    eventBusName: 'golden-ami-findings',
    targetId: 'finding-router',
    arn: router.arn,
    roleArn: eventsRole.arn,
  });
  const alert = new CloudwatchEventRule(stack, 'automatic-rebuild', {
    name: `${team.name}-image-automatic-rebuild`,
    eventPattern: JSON.stringify({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { stateMachineArn: [rebuild.arn, router.arn] },
    }),
  });
  new CloudwatchEventTarget(stack, 'automatic-rebuild-to-topic', { rule: alert.name, targetId: 'team-topic', arn: topic.arn });
  return [alert.arn];
}

const teamCount = Number(process.argv[2]);
if (!Number.isInteger(teamCount) || teamCount < 1) {
  console.error('usage: node bin/run.mjs bench/reference-app.ts <teams>');
  process.exitCode = 2;
} else {
  const fleet = syntheticFleet(teamCount);
  const sharedDocuments = new Map(fleet.sharedDocuments.map((document) => [document.name, document]));
  const app = new App();
  for (const team of fleet.teams) addTeamStack(app, team, sharedDocuments);
  app.synth();
}
