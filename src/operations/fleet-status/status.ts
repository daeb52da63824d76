/**
 * What `npm run fleet-status` finds in AWS, as plain data: per team and image, the pipeline, its
 * builds, the newest image and the consumers still on an image it superseded. Gathering fills it
 * in (gather.ts), classification decides the findings (classify.ts), renderers print it.
 */
import type { AwsErrorKind } from '../aws/errors.js';

/** A build counts as failing after this many failed builds in a row (the newest finished ones). */
export const FAILING_AFTER = 2;

/** How many of the newest builds a report shows. */
export const BUILDS_SHOWN = 3;

/** Why part of an account could not be checked: a missing permission, an unreachable account, throttling. */
export interface AccountProblem {
  accountId: string;
  region: string;
  /** What was asked, e.g. `imagebuilder:GetImagePipeline`. */
  action: string;
  kind: AwsErrorKind;
  /** The AWS error, one line. */
  message: string;
}

/** One image build version of the pipeline (an execution), newest first in a report. */
export interface Build {
  /** `1.2.0/3`. */
  version: string;
  /** Image Builder's image status: AVAILABLE, FAILED, BUILDING, CANCELLED, DEPRECATED… */
  status: string;
  /** When it was created; absent when AWS did not say (the build is `undated`). */
  created?: string;
  /** The AMIs it distributed, by account and region (available builds only). */
  amis: { accountId: string; region: string; imageId: string }[];
  /** Who started it and why, from its tags, when it was started by a deploy, `npm run rebuild` or an automatic rebuild. */
  startedBy?: string;
  startReason?: string;
  /** Tagged `golden-ami:revoked=true` by `npm run revoke`. */
  revoked?: true;
  /** The golden parent's AMI it was built on (`golden-ami:parent-ami`, lineage). */
  parentAmi?: string;
}

/** Something that still refers to a superseded AMI. */
export interface Consumer {
  accountId: string;
  region: string;
  kind: 'instance' | 'launch template' | 'ssm parameter';
  /** Instance id, launch template id, parameter name, or the ARN the image references API returned. */
  id: string;
  imageId: string;
  /** The build version of that AMI. */
  version: string;
  /** When the build that superseded it became available (its creation time); absent when that build is undated. */
  behindSince?: string;
  behindDays?: number;
  /** More than consumerGraceDays behind. */
  lagging: boolean;
  /** On a revoked AMI (`npm run revoke`): urgent whatever its age. */
  revoked?: true;
}

/** What is wrong with an image; none means healthy. `undated`: a build has no creation date, so ages are unknown. */
export type Finding = 'disabled' | 'failing' | 'stale' | 'lagging' | 'missing' | 'undated' | 'incomplete' | RevocationFinding;

/** Urgent whatever the ages (revoked.ts): a consumer on a revoked AMI; builds made on a revoked parent AMI. */
export type RevocationFinding = 'revoked' | 'parent-revoked';

/** What one channel holds. */
export interface ChannelVersion {
  channel: string;
  /** The build version; absent when the channel is empty, unreadable or holds an AMI of no build listed. */
  version?: string;
  imageId?: string;
  /** No account of the stage answered (why: `problems`). */
  unreadable?: true;
  problems?: string[];
}

/** The channels of an image, in order, and the candidate's wait. */
/** Filled in by channels.ts. */
export interface ChannelsStatus {
  channels: ChannelVersion[];
  /** The first channel's version, while a later channel does not hold it: the channel it waits for, and for how long (from its build). */
  waiting?: { version: string; channel: string; days?: number };
}

/** Everything found for one image. */
export interface ImageStatus {
  team: string;
  image: string;
  /** `<team>-<image>`. */
  pipeline: string;
  buildAccountId: string;
  region: string;
  /** ENABLED, DISABLED; absent when the pipeline could not be read or does not exist. */
  pipelineState?: string;
  /** The newest builds, newest first (at most BUILDS_SHOWN). */
  lastBuilds: Build[];
  /** Without `created` and `ageDays` when AWS gave no creation date. */
  newest?: { version: string; created?: string; ageDays?: number };
  consumers: Consumer[];
  /** Builds made on a revoked parent AMI (`parent-revoked`). */
  builtOnRevoked?: { version: string; parentAmi: string }[];
  /** Empty: healthy. */
  findings: Finding[];
  problems: AccountProblem[];
  /** Images with channels: what each holds, and how long the candidate has waited (channels.ts). */
  channels?: ChannelsStatus;
}

/** One team's images, and whether all of them are healthy. */
export interface TeamStatus {
  team: string;
  owners: string[];
  images: ImageStatus[];
  /** No finding and nothing that could not be checked. */
  ok: boolean;
}

/** The whole report, with the thresholds it was judged by. */
export interface FleetStatus {
  generatedAt: string;
  maxRebuildIntervalDays: number;
  consumerGraceDays: number;
  failingAfter: number;
  teams: TeamStatus[];
  ok: boolean;
}

/** Whole days from `from` to `now`, rounded down. */
export function daysBetween(from: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(from)) / 86_400_000);
}
