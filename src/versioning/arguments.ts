/**
 * What each versioned resource's arguments were, as short digests kept in its lock entry
 * (`arguments`), so that a bump names the argument that moved and where it came from: the team
 * file, a component document, or a platform setting in cdktf.json. They explain a fingerprint
 * change; the fingerprint alone decides whether there is one.
 */
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { ComponentDocument } from '../components/document.js';
import type { PlatformSettings } from '../config/platform-schema.js';
import type { RecipeArgs, RecipeComponent } from '../model/fleet/fleet.js';
import { managedComponentOf } from '../model/fleet/managed-component.js';

/** Argument → the first 16 hex digits of the sha256 of its canonical JSON. */
export type ArgumentDigests = Record<string, string>;

/** Where an argument's value comes from, for the bump reason: `(platform setting kmsKeys.eu-west-2 in cdktf.json)`. */
export type ArgumentOrigin = (argument: string) => string;

const KMS_KEY = /^kms_key_id \((.+)\)$/;

function digest(value: unknown): string {
  return createHash('sha256')
    .update(canonicalize(value) ?? 'null')
    .digest('hex')
    .slice(0, 16);
}

/** A component's arguments: `data`, `description`, `platform`, and the `kms_key_id` of each region. */
export function componentArguments(document: ComponentDocument, kmsKeys: PlatformSettings['kmsKeys']): ArgumentDigests {
  const digests: ArgumentDigests = {
    data: digest(document.data),
    description: digest(document.description),
    platform: digest(document.platform ?? null),
  };
  for (const [region, key] of Object.entries(kmsKeys)) digests[`kms_key_id (${region})`] = digest(key);
  return digests;
}

/** Where a component's arguments come from: its document, or the platform's key of a region. */
export function componentOrigin(document: ComponentDocument): ArgumentOrigin {
  const file = `${document.origin === 'shared' ? 'shared component' : 'team component'} ${document.file}`;
  return (argument) => {
    const region = KMS_KEY.exec(argument)?.[1];
    return region ? `platform setting kmsKeys.${region} in cdktf.json` : file;
  };
}

/**
 * A recipe's arguments other than its component list and versions (the recipe shape explains
 * those): parent image, description, each component's parameters, volumes and their key, AMI
 * tags, user data, working directory.
 */
export function recipeArguments(args: RecipeArgs): ArgumentDigests {
  const digests: ArgumentDigests = {
    parent_image: digest(args.parentImage),
    description: digest(args.description),
    block_device_mapping: digest(args.blockDevices.map(({ kmsKeyId: _key, ...device }) => device)),
    'block_device_mapping kms_key_id': digest(args.blockDevices.map((device) => device.kmsKeyId)),
    ami_tags: digest(args.amiTags),
  };
  for (const component of args.components) digests[`component ${componentLabel(component)} parameters`] = digest(component.parameters);
  if (args.userDataBase64 !== undefined) digests.user_data_base64 = digest(args.userDataBase64);
  if (args.workingDirectory !== undefined) digests.working_directory = digest(args.workingDirectory);
  return digests;
}

/** Where a recipe's arguments come from: the team file, the platform's key, or the component versions. */
export function recipeOrigin(teamFile: string, region: string): ArgumentOrigin {
  return (argument) =>
    argument === 'block_device_mapping kms_key_id'
      ? `platform setting kmsKeys.${region} in cdktf.json`
      : argument === 'ami_tags'
        ? 'the audit tags of the component versions'
        : `team file ${teamFile}`;
}

function componentLabel(component: RecipeComponent): string {
  return component.kind === 'owned' ? component.key : `aws:${managedComponentOf(component.arn).name}`;
}

/**
 * Each argument that moved, with its origin: `kms_key_id (eu-west-2) changed (platform setting
 * kmsKeys.eu-west-2 in cdktf.json)`; undefined when the previous entry kept no digests (a lock
 * written before they were kept).
 */
export function argumentChanges(
  previous: ArgumentDigests | undefined,
  next: ArgumentDigests,
  origin: ArgumentOrigin,
): string[] | undefined {
  if (!previous) return undefined;
  const names = [...new Set([...Object.keys(previous), ...Object.keys(next)])].sort();
  return names.flatMap((name) => {
    const [before, after] = [previous[name], next[name]];
    if (before === after) return [];
    const change = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
    return [`${name} ${change} (${origin(name)})`];
  });
}
