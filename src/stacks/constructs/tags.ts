/** The `tags` argument of a resource: the team's tags, or nothing when there are none (no empty map in plans). */
export function tagsArgument(tags: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(tags).length ? tags : undefined;
}
