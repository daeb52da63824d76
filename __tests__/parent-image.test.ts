/** Parent images resolve so that Image Builder picks the newest release at build time. */
import { describe, expect, it } from 'vitest';
import { resolveParentImage } from '../src/model/fleet/parent-image.js';

const AT_LONDON = { team: 'web', region: 'eu-west-2', partition: 'aws' };

describe('resolveParentImage', () => {
  it('turns a managed image name into its x.x.x ARN in the build region and partition', () => {
    expect(resolveParentImage('amazon-linux-2023-x86', AT_LONDON)).toEqual({
      ok: true,
      image: {
        value: 'arn:aws:imagebuilder:eu-west-2:aws:image/amazon-linux-2023-x86/x.x.x',
        family: 'amazon-linux-2023-x86',
        updates: true,
      },
    });
    expect(resolveParentImage('amazon-linux-2023-x86', { team: 'web', region: 'us-gov-west-1', partition: 'aws-us-gov' })).toMatchObject({
      image: { value: 'arn:aws-us-gov:imagebuilder:us-gov-west-1:aws:image/amazon-linux-2023-x86/x.x.x' },
    });
  });

  it('passes SSM parameters, AMI ids and image ARNs through', () => {
    for (const value of [
      'ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
      'ami-0123456789abcdef0',
      'arn:aws:imagebuilder:eu-west-2:123456789012:image/base/1.2.0/3',
    ]) {
      expect(resolveParentImage(value, AT_LONDON)).toMatchObject({ ok: true, image: { value } });
    }
    expect(resolveParentImage('arn:aws:imagebuilder:eu-west-2:123456789012:image/base/1.2.0/3', AT_LONDON)).toMatchObject({
      image: { family: 'base' },
    });
  });

  it('knows which parents Image Builder can find newer versions of (dependency updates)', () => {
    const updates = (value: string) => (resolveParentImage(value, AT_LONDON) as { image: { updates: boolean } }).image.updates;
    expect(updates('amazon-linux-2023-x86')).toBe(true);
    expect(updates('ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64')).toBe(true);
    expect(updates('arn:aws:imagebuilder:eu-west-2:123456789012:image/base/1.x.x')).toBe(true);
    expect(updates('arn:aws:imagebuilder:eu-west-2:123456789012:image/base/1.2.0/3')).toBe(false);
    expect(updates('ami-0123456789abcdef0')).toBe(false);
  });

  it.each(['ami-xyz', 'ssm:', 'arn:aws:ec2:eu-west-2::image/ami-0123', 'Amazon Linux 2023'])('rejects %s with a hint', (value) => {
    expect(resolveParentImage(value, AT_LONDON)).toMatchObject({ ok: false, hint: expect.any(String) });
  });
});
