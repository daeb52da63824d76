/** AWS-managed components, referenced by ARN and never copied. */

/** The ARN of a managed component; `x.x.x` lets Image Builder use the newest version. */
export function managedComponentArn(partition: string, region: string, name: string, version = 'x.x.x'): string {
  return `arn:${partition}:imagebuilder:${region}:aws:component/${name}/${version}`;
}

/** Name and version (or version pattern) of a managed component ARN. */
export function managedComponentOf(arn: string): { name: string; version: string } {
  const [name = '', version = ''] = arn.split('/').slice(-2);
  return { name, version };
}
