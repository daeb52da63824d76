/** EBS volumes: every rule EC2's CreateVolume documents per type, within the provider's ranges. */
import { describe, expect, it } from 'vitest';
import { volumeProblems, type VolumeSpec } from '../../src/config/ebs-volumes.js';

const messages = (volume: VolumeSpec) => volumeProblems(volume).map((p) => `${p.field}: ${p.message}`);

describe('EBS volume rules', () => {
  it.each<VolumeSpec>([
    { type: 'gp3', sizeGiB: 1 },
    { type: 'gp3', sizeGiB: 16000, iops: 80000, throughput: 2000 },
    { type: 'gp3', sizeGiB: 6, iops: 3000 },
    { type: 'gp3', sizeGiB: 30, throughput: 750 },
    { type: 'gp2', sizeGiB: 1 },
    { type: 'io1', sizeGiB: 4, iops: 200 },
    { type: 'io1', sizeGiB: 1280, iops: 64000 },
    { type: 'io2', sizeGiB: 100, iops: 100000 },
    { type: 'st1', sizeGiB: 125 },
    { type: 'sc1', sizeGiB: 16000 },
    { type: 'standard', sizeGiB: 1024 },
  ])('accepts %o', (volume) => {
    expect(messages(volume)).toEqual([]);
  });

  it.each<[VolumeSpec, string]>([
    [
      { type: 'io2', sizeGiB: 200, iops: 150000 },
      'iops: an io2 volume has 100–100000 IOPS (EC2 allows up to 256000, the Terraform provider 100000), not 150000',
    ],
    [{ type: 'io2', sizeGiB: 100 }, 'type: an io2 volume needs iops: EC2 refuses io2 without provisioned IOPS'],
    [{ type: 'io1', sizeGiB: 100 }, 'type: an io1 volume needs iops: EC2 refuses io1 without provisioned IOPS'],
    [
      { type: 'io1', sizeGiB: 3, iops: 100 },
      'sizeGiB: an io1 volume is 4–16000 GiB (EC2 allows up to 16384, the Terraform provider 16000), not 3',
    ],
    [
      { type: 'st1', sizeGiB: 100 },
      'sizeGiB: an st1 volume is 125–16000 GiB (EC2 allows up to 16384, the Terraform provider 16000), not 100',
    ],
    [{ type: 'standard', sizeGiB: 2000 }, 'sizeGiB: a standard volume is 1–1024 GiB, not 2000'],
    [{ type: 'io1', sizeGiB: 2000, iops: 65000 }, 'iops: an io1 volume has 100–64000 IOPS, not 65000'],
    [{ type: 'gp3', sizeGiB: 100, iops: 2000 }, 'iops: a gp3 volume has 3000–80000 IOPS, not 2000'],
    [{ type: 'io1', sizeGiB: 10, iops: 1000 }, 'iops: an io1 volume has at most 50 IOPS per GiB: 10 GiB allows 500, not 1000'],
    [{ type: 'io2', sizeGiB: 10, iops: 20000 }, 'iops: an io2 volume has at most 1000 IOPS per GiB: 10 GiB allows 10000, not 20000'],
    [{ type: 'gp3', sizeGiB: 10, iops: 6000 }, 'iops: a gp3 volume has at most 500 IOPS per GiB: 10 GiB allows 5000, not 6000'],
    [{ type: 'gp2', sizeGiB: 100, iops: 300 }, 'iops: a gp2 volume takes no iops: EC2 provisions IOPS only for gp3, io1 and io2'],
    [{ type: 'sc1', sizeGiB: 500, iops: 300 }, 'iops: an sc1 volume takes no iops: EC2 provisions IOPS only for gp3, io1 and io2'],
    [
      { type: 'io2', sizeGiB: 100, iops: 5000, throughput: 500 },
      'throughput: an io2 volume takes no throughput: EC2 provisions throughput only for gp3',
    ],
    [
      { type: 'st1', sizeGiB: 500, throughput: 500 },
      'throughput: an st1 volume takes no throughput: EC2 provisions throughput only for gp3',
    ],
    [
      { type: 'gp3', sizeGiB: 100, throughput: 1000 },
      'throughput: a gp3 volume has at most 0.25 MiB/s per provisioned IOPS: 3000 IOPS (the default) allow 750 MiB/s, not 1000',
    ],
    [
      { type: 'gp3', sizeGiB: 100, iops: 4000, throughput: 1500 },
      'throughput: a gp3 volume has at most 0.25 MiB/s per provisioned IOPS: 4000 IOPS allow 1000 MiB/s, not 1500',
    ],
  ])('refuses %o', (volume, message) => {
    expect(messages(volume)).toEqual([message]);
  });

  it('says how to fix what it refuses', () => {
    expect(volumeProblems({ type: 'io2', sizeGiB: 100 })[0]!.hint).toBe('add iops (100–100000 for 100 GiB)');
    expect(volumeProblems({ type: 'io1', sizeGiB: 10, iops: 1000 })[0]!.hint).toBe('lower iops, or raise sizeGiB to at least 20');
    expect(volumeProblems({ type: 'gp3', sizeGiB: 100, throughput: 1000 })[0]!.hint).toBe('lower throughput, or set iops to at least 4000');
  });
});
