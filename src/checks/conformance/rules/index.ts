/** Every recorded provider rule of a resource type (the provider block's are in ./provider-block.ts; provenance in docs/provider-rules.md). */
import type { ResourceRules } from '../argument-rules.js';
import { AUTOMATION_RULES } from './automation.js';
import { FOUNDATION_RULES } from './foundation.js';
import { IAM_SNS_EVENTS_S3_RULES } from './iam-sns-events-s3.js';
import { IMAGEBUILDER_RULES } from './imagebuilder.js';

/** The rules of every resource type the stacks write, one entry per type. */
export const PROVIDER_RULES: readonly ResourceRules[] = [
  ...IMAGEBUILDER_RULES,
  ...IAM_SNS_EVENTS_S3_RULES,
  ...FOUNDATION_RULES,
  ...AUTOMATION_RULES,
];
