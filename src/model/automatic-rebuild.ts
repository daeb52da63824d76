/**
 * Automatic rebuilds on critical Amazon Inspector findings, as plain data: the two Step Functions
 * state machines (Amazon States Language, JSONata) and their permissions. No cdktf here; the
 * construct in src/stacks/constructs/automatic-rebuilds.ts turns this into resources.
 *
 * - The **finding router** receives each critical finding with a fix (forwarded to the build
 *   account's findings bus) and asks Image Builder, pipeline by pipeline, whether one of the team's
 *   opted-in images produced the instance's AMI (the images' `outputResources` list every copy, in
 *   every account and region).
 * - It then starts the **rebuild** state machine with the execution name `<image>-<YYYY-MM-DD>`
 *   (UTC). Step Functions keeps a standard workflow's execution names unique, so a second finding on
 *   the same day gets ExecutionAlreadyExists: at most one automatic rebuild per image per day, with
 *   no table or lock to keep.
 * - The rebuild lists the pipeline's images and starts none while one is being built; otherwise it
 *   starts the pipeline with tags that say why.
 */
import type { Image, Team } from './fleet/fleet.js';
import { RUNNING_IMAGE_STATES } from './fleet/image-states.js';
import { pipelineArn, START_TAGS } from './names.js';
import { policy, type PolicyDocument } from './foundation/policy-document.js';

/** The images of a team that rebuild on critical findings. */
export function automaticRebuildImages(team: Team): Image[] {
  return team.images.filter((image) => image.rebuildOnCriticalFindings);
}

/** Names of the state machines (`<team>-image-…`, within the deploy role's scope). */
export function stateMachineNames(team: string): { router: string; rebuild: string } {
  return { router: `${team}-image-critical-finding`, rebuild: `${team}-image-auto-rebuild` };
}

/** `arn:<partition>:states:<region>:<account>:stateMachine:<name>`. */
export function stateMachineArn(team: Team, name: string): string {
  return `arn:${team.partition}:states:${team.region}:${team.account.id}:stateMachine:${name}`;
}

/** The tags an automatic rebuild puts on the image it starts, as `npm run rebuild` does (src/operations/builds/start-pipeline.ts). */
export const AUTOMATIC_REBUILD_TAGS = {
  [START_TAGS.startedBy]: 'automatic rebuild on a critical Amazon Inspector finding',
  [START_TAGS.reason]: "{% 'critical finding with a fix on ' & $request.instance & ' from ' & $request.ami %}",
  [START_TAGS.finding]: '{% $request.finding %}',
};

/**
 * Image Builder errors worth a retry with backoff: throttling and the service's own failures (EC2
 * Image Builder API reference, errors of ListImagePipelineImages and StartImagePipelineExecution),
 * named `<Service>.<Error>` as Step Functions names AWS SDK integration errors.
 */
const IMAGE_BUILDER_RETRY = [
  {
    ErrorEquals: [
      'Imagebuilder.CallRateLimitExceededException',
      'Imagebuilder.ServiceUnavailableException',
      'Imagebuilder.ServiceException',
    ],
    IntervalSeconds: 5,
    MaxAttempts: 4,
    BackoffRate: 2,
  },
];

/** The Task resource of an AWS SDK integration, e.g. `arn:aws:states:::aws-sdk:sfn:startExecution`, in the team's partition. */
function sdkIntegration(team: Team, serviceAction: string): string {
  return `arn:${team.partition}:states:::aws-sdk:${serviceAction}`;
}

/** What pipelineImagePages looks for, and where it goes; the strings are JSONata. */
interface PageSearch {
  /** The pipeline's ARN. */
  pipelineArn: string;
  /** Fields of the state's output kept from page to page, e.g. `'item': $states.input.item`. */
  carry?: string;
  /** Whether a page (`$states.result`) holds what is looked for. */
  found: string;
  /** The name of the Choice state after each page. */
  choice: string;
  onFound: string;
  onNone: string;
}

/** The most pages of a pipeline's images a state machine reads (as MAX_PAGES bounds the commands' listings). */
export const MAX_STATE_MACHINE_PAGES = 200;

/**
 * Three states that page through a pipeline's images (ListImagePipelineImages), `ListPipelineImages`,
 * the Choice `search.choice` and the Fail `PagingStopped`: on to `onFound` at the first page where
 * `found` holds, to `onNone` after the last page. A next token the same as the one just sent, or
 * more than MAX_STATE_MACHINE_PAGES pages, fails the execution (an alert) instead of paging forever.
 */
function pipelineImagePages(team: Team, search: PageSearch): Record<string, object> {
  const carried = search.carry ? `${search.carry}, ` : '';
  return {
    ListPipelineImages: {
      Type: 'Task',
      Resource: sdkIntegration(team, 'imagebuilder:listImagePipelineImages'),
      Arguments: `{% {'ImagePipelineArn': ${search.pipelineArn}, 'NextToken': $states.input.nextToken} %}`,
      Retry: IMAGE_BUILDER_RETRY,
      Output: `{% {${carried}'nextToken': $states.result.NextToken, 'sentToken': $states.input.nextToken, 'pages': ($exists($states.input.pages) ? $states.input.pages : 0) + 1, 'found': ${search.found}} %}`,
      Next: search.choice,
    },
    [search.choice]: {
      Type: 'Choice',
      Choices: [
        { Condition: '{% $states.input.found %}', Next: search.onFound },
        {
          Condition: `{% $exists($states.input.nextToken) and ($states.input.nextToken = $states.input.sentToken or $states.input.pages >= ${MAX_STATE_MACHINE_PAGES}) %}`,
          Next: 'PagingStopped',
        },
        { Condition: '{% $exists($states.input.nextToken) %}', Next: 'ListPipelineImages' },
      ],
      Default: search.onNone,
    },
    PagingStopped: {
      Type: 'Fail',
      Error: 'PagingError',
      Cause: `ListImagePipelineImages returned the paging token it was sent, or had more than ${MAX_STATE_MACHINE_PAGES} pages; the listing was stopped`,
    },
  };
}

/**
 * The router: for every opted-in image, pages through the pipeline's images looking for the AMI of
 * the finding's instance in their output resources, and starts that image's daily rebuild.
 */
export function findingRouterDefinition(team: Team): object {
  const images = automaticRebuildImages(team).map((image) => ({
    image: image.name,
    pipelineArn: pipelineArn(team.partition, team.region, team.account.id, image.resourceName),
  }));
  return {
    Comment: `Critical Amazon Inspector findings with a fix on instances of team ${team.name}'s AMIs: start the image's daily automatic rebuild`,
    QueryLanguage: 'JSONata',
    StartAt: 'ReadFinding',
    States: {
      ReadFinding: {
        Type: 'Pass',
        Output: {
          finding: '{% $states.input.detail.findingArn %}',
          instance: "{% $states.input.detail.resources[type = 'AWS_EC2_INSTANCE'][0].id %}",
          ami: "{% $states.input.detail.resources[type = 'AWS_EC2_INSTANCE'][0].details.awsEc2Instance.imageId %}",
          region: "{% $states.input.detail.resources[type = 'AWS_EC2_INSTANCE'][0].region %}",
          day: '{% $substring($states.context.Execution.StartTime, 0, 10) %}',
        },
        Next: 'FromEachImage',
      },
      FromEachImage: {
        Type: 'Map',
        Items: images,
        ItemSelector: {
          item: '{% $merge([$states.input, $states.context.Map.Item.Value]) %}',
        },
        MaxConcurrency: 2,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'ListPipelineImages',
          States: {
            ...pipelineImagePages(team, {
              pipelineArn: '$states.input.item.pipelineArn',
              carry: "'item': $states.input.item",
              found:
                '$exists($states.result.ImageSummaryList.OutputResources.Amis[Image = $states.input.item.ami and Region = $states.input.item.region])',
              choice: 'BuiltTheAmi',
              onFound: 'StartDailyRebuild',
              onNone: 'NotThisImage',
            }),
            NotThisImage: { Type: 'Succeed' },
            StartDailyRebuild: {
              Type: 'Task',
              Resource: sdkIntegration(team, 'sfn:startExecution'),
              Arguments: {
                StateMachineArn: stateMachineArn(team, stateMachineNames(team.name).rebuild),
                Name: "{% $states.input.item.image & '-' & $states.input.item.day %}",
                Input: "{% $string($sift($states.input.item, function($v, $k) { $k != 'day' })) %}",
              },
              Output: "{% {'image': $states.input.item.image, 'rebuild': $states.result.ExecutionArn} %}",
              Catch: [{ ErrorEquals: ['Sfn.ExecutionAlreadyExistsException'], Next: 'AlreadyRebuiltToday' }],
              End: true,
            },
            AlreadyRebuiltToday: { Type: 'Succeed' },
          },
        },
        End: true,
      },
    },
  };
}

/** The rebuild of one image: nothing while a build of it runs, else one pipeline execution. */
export function rebuildDefinition(team: Team): object {
  return {
    Comment: `Automatic rebuild of an image of team ${team.name}, at most once a day (the execution name holds the day)`,
    QueryLanguage: 'JSONata',
    StartAt: 'ReadRequest',
    States: {
      ReadRequest: {
        Type: 'Pass',
        Assign: { request: '{% $states.input %}' },
        Output: {},
        Next: 'ListPipelineImages',
      },
      ...pipelineImagePages(team, {
        pipelineArn: '$request.pipelineArn',
        found: `$exists($states.result.ImageSummaryList[State.Status in ${JSON.stringify(RUNNING_IMAGE_STATES).replaceAll('"', "'")}])`,
        choice: 'BuildRunning',
        onFound: 'AlreadyBuilding',
        onNone: 'StartPipeline',
      }),
      AlreadyBuilding: { Type: 'Succeed', Comment: 'The running build is the rebuild.' },
      StartPipeline: {
        Type: 'Task',
        Resource: sdkIntegration(team, 'imagebuilder:startImagePipelineExecution'),
        Arguments: {
          ImagePipelineArn: '{% $request.pipelineArn %}',
          // 1-36 characters; the same for every retry of this execution, so a retry starts no second build.
          ClientToken: "{% $substring($hash($states.context.Execution.Name, 'SHA-256'), 0, 36) %}",
          Tags: AUTOMATIC_REBUILD_TAGS,
        },
        Retry: IMAGE_BUILDER_RETRY,
        Output: "{% {'image': $request.image, 'imageBuildVersionArn': $states.result.ImageBuildVersionArn} %}",
        End: true,
      },
    },
  };
}

/** What the state machines may do: list and start the opted-in pipelines, tag what they start, and the router start the rebuild. */
export function automaticRebuildPermissions(team: Team): PolicyDocument {
  const images = automaticRebuildImages(team);
  const pipelines = images.map((image) => pipelineArn(team.partition, team.region, team.account.id, image.resourceName));
  const builds = images.map(
    (image) => `arn:${team.partition}:imagebuilder:${team.region}:${team.account.id}:image/${image.resourceName.toLowerCase()}/*`,
  );
  const rebuild = stateMachineArn(team, stateMachineNames(team.name).rebuild);
  return policy(
    // GetImagePipeline: StartImagePipelineExecution's dependent action (Service Authorization Reference, EC2 Image Builder).
    {
      Sid: 'FindAndStartOptedInPipelines',
      Effect: 'Allow',
      Action: ['imagebuilder:GetImagePipeline', 'imagebuilder:ListImagePipelineImages', 'imagebuilder:StartImagePipelineExecution'],
      Resource: pipelines,
    },
    { Sid: 'TagTheImagesStarted', Effect: 'Allow', Action: 'imagebuilder:TagResource', Resource: builds },
    { Sid: 'StartTheDailyRebuild', Effect: 'Allow', Action: 'states:StartExecution', Resource: rebuild },
  );
}
