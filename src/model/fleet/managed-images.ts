/**
 * The parent images Image Builder publishes (`aws imagebuilder list-images --owner Amazon`), as
 * named in the AMI column of aws/aws-cdk packages/@aws-cdk/aws-imagebuilder-alpha/lib/amazon-managed-image.ts
 * (November 2026), plus older names still in common use. Anything else is used as a full image
 * ARN, an `ssm:` parameter or an AMI id.
 */
export const MANAGED_IMAGE_NAMES: readonly string[] = [
  'amazon-linux-2-x86',
  'amazon-linux-2-arm64',
  'amazon-linux-2023-x86',
  'amazon-linux-2023-arm64',
  'red-hat-enterprise-linux-8-x86',
  'red-hat-enterprise-linux-9-x86',
  'red-hat-enterprise-linux-10-x86',
  'red-hat-enterprise-linux-10-arm64',
  'suse-linux-enterprise-server-15-x86',
  'suse-linux-enterprise-server-15-arm64',
  'ubuntu-server-20-lts-x86',
  'ubuntu-server-22-lts-x86',
  'ubuntu-server-22-lts-arm64',
  'ubuntu-server-24-lts-x86',
  'ubuntu-server-24-lts-arm64',
  'windows-server-2016-english-core-base-x86',
  'windows-server-2016-english-full-base-x86',
  'windows-server-2019-english-core-base-x86',
  'windows-server-2019-english-full-base-x86',
  'windows-server-2022-english-core-base-x86',
  'windows-server-2022-english-full-base-x86',
  'windows-server-2025-english-core-base-x86',
  'windows-server-2025-english-full-base-x86',
];

/** Whether Image Builder publishes a managed image of this name. */
export function isManagedImageName(name: string): boolean {
  return MANAGED_IMAGE_NAMES.includes(name);
}
