/** Documents over Image Builder's 16,000-character `data` limit go through an encrypted S3 object. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTerraformLiteral } from '../src/core/terraform-text.js';
import { FixtureRepo, resource, resources, synthesize } from './support/fixture.js';

const LOCAL = 'teams/collections/components/iiif-image-server.yaml';

/** Pads the document's first script with harmless commands until its data passes the limit. */
function enlarge(repo: FixtureRepo): void {
  const filler = Array.from({ length: 400 }, (_, i) => `              echo "configuration line ${i} of the image server"`).join('\n');
  repo.edit(LOCAL, /( {14}set -euo pipefail\n)/, `$1${filler}\n`);
}

describe('large component documents', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
    enlarge(repo);
    repo.updateVersions();
  });
  afterEach(() => repo.dispose());

  it('are uploaded to a versioned key of the platform bucket and referenced by uri', () => {
    const fleet = repo.fleet();
    const component = fleet.teams.find((t) => t.name === 'collections')!.components.find((c) => c.key === 'iiif-image-server')!;
    expect(component.args.data.length).toBeGreaterThan(16_000);
    const stack = synthesize(fleet).collections!;
    const object = resource(stack, 'aws_s3_object', 'iiif-image-server');
    expect(readTerraformLiteral(object.content)).toBe(component.args.data);
    expect(object).toMatchObject({
      bucket: 'museum-imagebuilder-components-eu-west-2',
      key: 'components/collections/iiif-image-server/1.0.1.yaml',
      server_side_encryption: 'aws:kms',
      kms_key_id: 'arn:aws:kms:eu-west-2:111111111111:key/0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    });
    const resourceOf = resource(stack, 'aws_imagebuilder_component', 'iiif-image-server');
    expect(resourceOf.uri).toBe('s3://museum-imagebuilder-components-eu-west-2/components/collections/iiif-image-server/1.0.1.yaml');
    expect(resourceOf.data).toBeUndefined();
    expect(resourceOf.depends_on).toEqual([expect.stringMatching(/^aws_s3_object\.component-document-iiif-image-server$/)]);
    expect(Object.keys(resources(stack, 'aws_s3_object'))).toHaveLength(1);
  });

  it('are measured in bytes, as the provider counts them', () => {
    repo.dispose();
    repo = new FixtureRepo();
    // 4,000 characters of three-byte text: far under 16,000 characters, over 16,000 bytes.
    const multibyte = `              echo "${'→'.repeat(4_000)}"`;
    repo.edit(LOCAL, /( {14}set -euo pipefail\n)/, `$1${multibyte}\n`).updateVersions();
    const component = repo
      .fleet()
      .teams.find((t) => t.name === 'collections')!
      .components.find((c) => c.key === 'iiif-image-server')!;
    expect(component.args.data.length).toBeLessThan(16_000);
    expect(Buffer.byteLength(component.args.data)).toBeGreaterThan(16_000);
    const stack = synthesize(repo.fleet()).collections!;
    expect(resource(stack, 'aws_imagebuilder_component', 'iiif-image-server').data).toBeUndefined();
    expect(readTerraformLiteral(resource(stack, 'aws_s3_object', 'iiif-image-server').content)).toBe(component.args.data);
  });

  it('still bump when their content changes, to a new key', () => {
    repo.edit(LOCAL, 'configuration line 7 of', 'configuration line seven of').updateVersions();
    const stack = synthesize(repo.fleet()).collections!;
    expect(resource(stack, 'aws_s3_object', 'iiif-image-server').key).toBe('components/collections/iiif-image-server/1.0.2.yaml');
  });
});
