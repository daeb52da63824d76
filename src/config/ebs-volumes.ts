/**
 * What EC2 accepts for an EBS volume of each type: size, IOPS and throughput ranges and the
 * ratios between them, from the EC2 API Reference (CreateVolume: Size, Iops, Throughput; and
 * EbsBlockDevice, which refers to it), capped by what hashicorp/aws 6.25.0 validates on
 * `block_device_mapping.ebs` (internal/service/imagebuilder/image_recipe.go: volume_size 1–16000,
 * iops 100–100000, throughput 125–2000; the same limits src/checks/conformance/rules/imagebuilder.ts checks).
 */

/** The provider's own limits on every volume, whatever its type. */
export const PROVIDER_LIMITS = {
  sizeGiB: { min: 1, max: 16000 },
  iops: { min: 100, max: 100000 },
  throughput: { min: 125, max: 2000 },
} as const;

export const VOLUME_TYPES = ['gp3', 'gp2', 'io1', 'io2', 'st1', 'sc1', 'standard'] as const;
export type VolumeType = (typeof VOLUME_TYPES)[number];

interface Range {
  min: number;
  max: number;
}

interface VolumeRules {
  sizeGiB: Range;
  /** Provisioned IOPS, when the type takes them; `perGiB` is the most IOPS per GiB of size. */
  iops?: Range & { required: boolean; perGiB: number; default?: number };
  /** Provisioned throughput in MiB/s, when the type takes it; `perIops` is the most MiB/s per provisioned IOPS. */
  throughput?: Range & { perIops: number };
}

/** CreateVolume's rules per type (EC2 API Reference, CreateVolume and EbsBlockDevice, December 2026). */
export const EC2_VOLUME_RULES: Record<VolumeType, VolumeRules> = {
  gp3: {
    sizeGiB: { min: 1, max: 65536 },
    iops: { min: 3000, max: 80000, required: false, perGiB: 500, default: 3000 },
    throughput: { min: 125, max: 2000, perIops: 0.25 },
  },
  gp2: { sizeGiB: { min: 1, max: 16384 } },
  io1: { sizeGiB: { min: 4, max: 16384 }, iops: { min: 100, max: 64000, required: true, perGiB: 50 } },
  io2: { sizeGiB: { min: 4, max: 65536 }, iops: { min: 100, max: 256000, required: true, perGiB: 1000 } },
  st1: { sizeGiB: { min: 125, max: 16384 } },
  sc1: { sizeGiB: { min: 125, max: 16384 } },
  standard: { sizeGiB: { min: 1, max: 1024 } },
};

/** A volume as team.yaml gives it. */
export interface VolumeSpec {
  sizeGiB: number;
  type: VolumeType;
  iops?: number | undefined;
  throughput?: number | undefined;
}

/** One broken rule: the field it is about, what is wrong and what to do. */
export interface VolumeProblem {
  field: 'sizeGiB' | 'iops' | 'throughput' | 'type';
  message: string;
  hint: string;
}

/** A range within EC2's and the provider's, and a note when the provider's upper end is the lower one. */
function effective(ec2: Range, provider: Range): Range & { note: string } {
  const note = provider.max < ec2.max ? ` (EC2 allows up to ${ec2.max}, the Terraform provider ${provider.max})` : '';
  return { min: Math.max(ec2.min, provider.min), max: Math.min(ec2.max, provider.max), note };
}

/** `an io2 volume`, `a gp3 volume`. */
function volumeOf(type: VolumeType): string {
  return `${/^(io|s)/.test(type) && type !== 'standard' ? 'an' : 'a'} ${type} volume`;
}

/** Every rule of its type the volume breaks (the provider's own ranges are the schema's, and not repeated here). */
export function volumeProblems(volume: VolumeSpec): VolumeProblem[] {
  const { type, sizeGiB, iops, throughput } = volume;
  const rules = EC2_VOLUME_RULES[type];
  const problems: VolumeProblem[] = [];
  const size = effective(rules.sizeGiB, PROVIDER_LIMITS.sizeGiB);
  if (sizeGiB < size.min || sizeGiB > size.max) {
    problems.push({
      field: 'sizeGiB',
      message: `${volumeOf(type)} is ${size.min}–${size.max} GiB${size.note}, not ${sizeGiB}`,
      hint: `change sizeGiB, or use a type that fits ${sizeGiB} GiB`,
    });
  }
  if (!rules.iops) {
    if (iops !== undefined)
      problems.push({
        field: 'iops',
        message: `${volumeOf(type)} takes no iops: EC2 provisions IOPS only for gp3, io1 and io2`,
        hint: 'remove iops, or use gp3, io1 or io2',
      });
  } else if (iops === undefined) {
    if (rules.iops.required)
      problems.push({
        field: 'type',
        message: `${volumeOf(type)} needs iops: EC2 refuses ${type} without provisioned IOPS`,
        hint: `add iops (${rules.iops.min}–${Math.min(rules.iops.max, rules.iops.perGiB * sizeGiB, PROVIDER_LIMITS.iops.max)} for ${sizeGiB} GiB)`,
      });
  } else {
    const range = effective(rules.iops, PROVIDER_LIMITS.iops);
    if (iops < range.min || iops > range.max) {
      problems.push({
        field: 'iops',
        message: `${volumeOf(type)} has ${range.min}–${range.max} IOPS${range.note}, not ${iops}`,
        hint: 'change iops to fit the range',
      });
    } else if (iops > rules.iops.perGiB * sizeGiB) {
      problems.push({
        field: 'iops',
        message: `${volumeOf(type)} has at most ${rules.iops.perGiB} IOPS per GiB: ${sizeGiB} GiB allows ${rules.iops.perGiB * sizeGiB}, not ${iops}`,
        hint: `lower iops, or raise sizeGiB to at least ${Math.ceil(iops / rules.iops.perGiB)}`,
      });
    }
  }
  if (throughput !== undefined) {
    if (!rules.throughput) {
      problems.push({
        field: 'throughput',
        message: `${volumeOf(type)} takes no throughput: EC2 provisions throughput only for gp3`,
        hint: 'remove throughput, or use gp3',
      });
    } else {
      const provisioned = iops ?? rules.iops?.default ?? 0;
      const most = Math.floor(provisioned * rules.throughput.perIops);
      if (throughput > most) {
        problems.push({
          field: 'throughput',
          message: `${volumeOf(type)} has at most ${rules.throughput.perIops} MiB/s per provisioned IOPS: ${provisioned} IOPS${iops === undefined ? ' (the default)' : ''} allow ${most} MiB/s, not ${throughput}`,
          hint: `lower throughput, or set iops to at least ${Math.ceil(throughput / rules.throughput.perIops)}`,
        });
      }
    }
  }
  return problems;
}
