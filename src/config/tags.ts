/** Tags a team puts on its AMIs, Image Builder resources and build instances. */
import { z } from 'zod';

/**
 * Keys: 1–128 characters that both Image Builder (API reference, TagMap key pattern
 * `^(?!aws:)[a-zA-Z+-=._:/]+$`) and EC2 (Tag key: letters, digits, spaces and `_ . : / = + - @`)
 * accept, so the same key works on every resource and on the AMI.
 */
export const TAG_KEY_PATTERN = /^[A-Za-z0-9_.:/=+-]{1,128}$/;
/** Values: 0–256 Unicode letters, digits, spaces and `_ . : / = + - @` (AWS tagging rules, Tag value). */
export const TAG_VALUE_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/**
 * Image Builder's build variables, `{{ imagebuilder:buildDate }}` and `{{ imagebuilder:buildVersion }}`,
 * which it fills in on AMI names and AMI tags at build time (User Guide, "Tag Image Builder output
 * resources": the dynamic tags). Nowhere else are they filled in.
 */
export const BUILD_VARIABLE = /\{\{\s*imagebuilder:build(?:Date|Version)\s*\}\}/g;

/** Whether a tag value holds a build variable, and so belongs on AMIs only. */
export const holdsBuildVariable = (value: string): boolean => value.search(BUILD_VARIABLE) >= 0;

/** Tags split into those every resource takes and those only AMIs take (values with build variables). */
export function splitBuildTimeTags(tags: Readonly<Record<string, string>>): {
  fixed: Record<string, string>;
  buildTime: Record<string, string>;
} {
  const entries = Object.entries(tags);
  return {
    fixed: Object.fromEntries(entries.filter(([, value]) => !holdsBuildVariable(value))),
    buildTime: Object.fromEntries(entries.filter(([, value]) => holdsBuildVariable(value))),
  };
}

/** Prefixes no team tag may start with: AWS's own, and the project's audit tags. */
export const RESERVED_TAG_PREFIXES = ['aws:', 'golden-ami:'] as const;
/**
 * Keys the stacks set themselves (`default_tags`, build instances' `resource_tags`) or that change
 * what retention does (`Retain=true` exempts an AMI from its lifecycle policy): a team cannot set them.
 */
export const RESERVED_TAG_KEYS = ['Team', 'Source', 'ManagedBy', 'Image', 'Retain'] as const;

/** At most this many tags per level (team, image) and per image with the team's, so that with the project's own an AMI stays under AWS's 50. */
export const MAX_TAGS = 20;

const tagKey = z
  .string()
  .regex(TAG_KEY_PATTERN, { error: 'a tag key has 1 to 128 letters, digits or _ . : / = + -' })
  .refine((key) => !RESERVED_TAG_PREFIXES.some((prefix) => key.toLowerCase().startsWith(prefix)), {
    error: (issue) => `tag key "${String(issue.input)}" starts with a reserved prefix (${RESERVED_TAG_PREFIXES.join(', ')})`,
    params: { hint: 'choose a key of your own, e.g. CostCentre' },
  })
  .refine((key) => !(RESERVED_TAG_KEYS as readonly string[]).includes(key), {
    error: (issue) => `tag key "${String(issue.input)}" is set by the stacks themselves (${RESERVED_TAG_KEYS.join(', ')})`,
    params: { hint: 'remove it: Team, Source, ManagedBy and Image are set for you; tag single AMIs Retain=true by hand' },
  });

const tagValue = z.string().superRefine((value, ctx) => {
  const written = value.replace(BUILD_VARIABLE, '');
  if (/[{}]/.test(written)) {
    ctx.addIssue({
      code: 'custom',
      message:
        'the only expressions a tag value may hold are {{ imagebuilder:buildDate }} and {{ imagebuilder:buildVersion }}: Image Builder fills in nothing else',
      params: { hint: 'e.g. Name: base_rhel_9_{{ imagebuilder:buildDate }}; such a tag goes on the AMIs only' },
    });
  } else if ([...value].length > 256 || !TAG_VALUE_PATTERN.test(written)) {
    ctx.addIssue({ code: 'custom', message: 'a tag value has at most 256 letters, digits, spaces or _ . : / = + - @' });
  }
});

/** A map of tags; update in place everywhere they go, so changing one never creates a new version. */
export const tagsSchema = z
  .record(tagKey, tagValue)
  .refine((tags) => Object.keys(tags).length <= MAX_TAGS, {
    error: `at most ${MAX_TAGS} tags`,
    params: { hint: 'AWS allows 50 tags per resource and the project sets some itself' },
  })
  .default({});
