/** CPU architectures (x86_64, arm64) from names: instance types must run their parent image; managed image names are checked. */
import { describe, expect, it } from 'vitest';
import { instanceTypeArchitecture, parentImageArchitecture } from '../src/model/fleet/architecture.js';
import { isManagedImageName } from '../src/model/fleet/managed-images.js';
import { parentSuggestion } from '../src/model/fleet/parent-suggestions.js';
import { resolveParentImage } from '../src/model/fleet/parent-image.js';

const AT_LONDON = { team: 'web', region: 'eu-west-2', partition: 'aws' };

describe('instanceTypeArchitecture', () => {
  it.each([
    ['m7g.large', 'arm64'],
    ['m7gd.xlarge', 'arm64'],
    ['c7gn.2xlarge', 'arm64'],
    ['t4g.micro', 'arm64'],
    ['r8g.large', 'arm64'],
    ['a1.medium', 'arm64'],
    ['im4gn.large', 'arm64'],
    ['is4gen.medium', 'arm64'],
    ['x2gd.large', 'arm64'],
    ['g5g.xlarge', 'arm64'],
    ['hpc7g.4xlarge', 'arm64'],
    ['m7i.large', 'x86_64'],
    ['m7i-flex.large', 'x86_64'],
    ['t3.small', 'x86_64'],
    ['c5n.large', 'x86_64'],
    ['g4dn.xlarge', 'x86_64'],
    ['g4ad.xlarge', 'x86_64'],
    ['gr6.4xlarge', 'x86_64'],
    ['inf2.xlarge', 'x86_64'],
    ['trn1n.32xlarge', 'x86_64'],
    ['x2idn.16xlarge', 'x86_64'],
    ['u7i-12tb.224xlarge', 'x86_64'],
    ['mac1.metal', undefined],
    ['mac2-m2pro.metal', undefined],
    ['u-6tb1.metal', undefined],
  ])('%s is %s', (type, architecture) => {
    expect(instanceTypeArchitecture(type)).toBe(architecture);
  });
});

describe('parentImageArchitecture', () => {
  it.each([
    ['amazon-linux-2023-x86', 'x86_64'],
    ['amazon-linux-2023-arm64', 'arm64'],
    ['windows-server-2022-english-full-base-x86', 'x86_64'],
    ['arn:aws:imagebuilder:eu-west-2:aws:image/ubuntu-server-24-lts-arm64/x.x.x', 'arm64'],
    ['ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64', 'x86_64'],
    ['ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64', 'arm64'],
    ['ssm:/golden-ami/platform/base-arm64', undefined],
    ['ami-0123456789abcdef0', undefined],
    ['arn:aws:imagebuilder:eu-west-2:123456789012:image/base-arm64/1.x.x', undefined],
    ['amazon-linux-2024-x86', undefined],
  ])('%s is %s', (reference, architecture) => {
    expect(parentImageArchitecture(reference)).toBe(architecture);
  });
});

describe('managed image names', () => {
  it('knows the names Image Builder publishes and suggests the nearest for others', () => {
    expect(isManagedImageName('ubuntu-server-22-lts-x86')).toBe(true);
    expect(isManagedImageName('amazon-linux-2024-x86')).toBe(false);
    expect(parentSuggestion('windows-server-2022-full-base-x86', [])).toMatch(
      /^did you mean "windows-server-2022-english-full-base-x86"\?/,
    );
  });

  it('rejects an unknown managed name as a parent image, with a did-you-mean', () => {
    expect(resolveParentImage('ubuntu-server-22-lts-x64', AT_LONDON)).toMatchObject({
      ok: false,
      hint: expect.stringMatching(/^did you mean "ubuntu-server-22-lts-x86"\?/),
    });
  });
});
