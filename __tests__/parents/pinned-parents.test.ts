/**
 * Parents found by owner and name: pinned in the team's lock by `npm run pin-parents`, never
 * followed at plan time (design rule 8), with the bump reason "parent image updated".
 */
import { DescribeImagesCommand, EC2Client, type Image } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findNewestParents } from '../../src/parents/lookups.js';
import { newestMatchingAmi } from '../../src/parents/newest-ami.js';
import type { ParentPin } from '../../src/versioning/lock-schema.js';
import { loadVersionedFleet, writeLocks } from '../../src/versioning/sync.js';
import { FixtureRepo, resource, synthesize } from '../support/fixture.js';

const COLLECTIONS = 'teams/collections/team.yaml';
const RHEL = { owner: '309956199498', name: 'RHEL-9.*_HVM-*-x86_64-*', architecture: 'x86_64' as const };
const WINDOWS = { owner: '801119661308', name: 'Windows_Server-2022-English-Full-Base-*', architecture: 'x86_64' as const };
const KIOSK_PARENT = 'parentImage: windows-server-2022-english-full-base-x86';

function ami(id: string, name: string, created: string): Image {
  return { ImageId: id, Name: name, CreationDate: created, Architecture: 'x86_64', ImageType: 'machine', State: 'available', OwnerId: RHEL.owner, Public: true };
}

function pin(imageId: string, imageName: string, created: string, lookup = RHEL, region = 'eu-west-2'): ParentPin {
  return { ...lookup, region, imageId, imageName, created };
}

describe('the newest AMI of a lookup (EC2 DescribeImages, mocked)', () => {
  const ec2 = mockClient(EC2Client);
  afterEach(() => ec2.reset());
  const client = () => new EC2Client({ region: 'eu-west-2' });

  it('asks for available machine images of the owner, name pattern and architecture, and takes the newest across pages', async () => {
    ec2
      .on(DescribeImagesCommand)
      .resolvesOnce({ Images: [ami('ami-0aaaaaaaaaaaaaaaa', 'RHEL-9.4.0_HVM-20240601-x86_64-0-Hourly2-GP3', '2024-06-01T10:00:00.000Z')], NextToken: 'next' })
      .resolvesOnce({
        Images: [
          ami('ami-0bbbbbbbbbbbbbbbb', 'RHEL-9.5.0_HVM-20241101-x86_64-0-Hourly2-GP3', '2024-11-01T10:00:00.000Z'),
          ami('ami-0cccccccccccccccc', 'RHEL-9.3.0_HVM-20231101-x86_64-0-Hourly2-GP3', '2023-11-01T10:00:00.000Z'),
        ],
      });

    expect(await newestMatchingAmi(client(), RHEL, 'eu-west-2')).toEqual(
      pin('ami-0bbbbbbbbbbbbbbbb', 'RHEL-9.5.0_HVM-20241101-x86_64-0-Hourly2-GP3', '2024-11-01T10:00:00.000Z'),
    );
    const input = ec2.commandCalls(DescribeImagesCommand)[0]!.args[0].input;
    expect(input.Owners).toEqual(['309956199498']);
    expect(input.Filters).toEqual([
      { Name: 'name', Values: [RHEL.name] },
      { Name: 'architecture', Values: ['x86_64'] },
      { Name: 'state', Values: ['available'] },
      { Name: 'image-type', Values: ['machine'] },
    ]);
    expect(input.IncludeDeprecated).toBeUndefined();
  });

  it('says so when nothing matches', async () => {
    ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    expect(await newestMatchingAmi(client(), RHEL, 'eu-west-2')).toBe('no available x86_64 AMI of owner 309956199498 matches "RHEL-9.*_HVM-*-x86_64-*" in eu-west-2');
  });

  it('reports a missing permission for its lookup only', async () => {
    const denied = Object.assign(new Error('You are not authorized to perform this operation.'), { name: 'UnauthorizedOperation', $metadata: { httpStatusCode: 403 } });
    ec2.on(DescribeImagesCommand).rejectsOnce(denied).resolves({ Images: [ami('ami-0bbbbbbbbbbbbbbbb', 'RHEL-9.5', '2024-11-01T10:00:00.000Z')] });
    const results = await findNewestParents(
      [
        { team: 'a', image: 'x', lookup: RHEL, region: 'eu-west-2', accountId: '111111111111' },
        { team: 'b', image: 'y', lookup: RHEL, region: 'eu-west-2', accountId: '222222222222' },
      ],
      client,
    );
    expect(results[0]).toMatchObject({ error: 'UnauthorizedOperation: You are not authorized to perform this operation. (the role needs ec2:DescribeImages in this region)' });
    expect(results[1]).toMatchObject({ pin: { imageId: 'ami-0bbbbbbbbbbbbbbbb' } });
  });
});

describe('a parent lookup in team.yaml', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
    repo.edit(COLLECTIONS, KIOSK_PARENT, `parentImage:\n      owner: "${WINDOWS.owner}"\n      name: "${WINDOWS.name}"`);
  });
  afterEach(() => repo.dispose());

  /** Runs what `npm run pin-parents` runs after asking EC2, and writes the locks. */
  function pinAndWrite(pins: Record<string, ParentPin>) {
    const { plan, problems } = loadVersionedFleet(repo.root, { newPins: new Map(Object.entries(pins)) });
    expect(problems.errors).toEqual([]);
    writeLocks(repo.root, plan!);
    return plan!.bumps.filter((bump) => bump.id === 'collections/recipe:gallery-kiosk');
  }

  it('is an error until an AMI is pinned, at the parentImage line, naming the command', () => {
    const { problems } = loadVersionedFleet(repo.root);
    expect(problems.errors).toMatchObject([
      {
        file: COLLECTIONS,
        path: 'images[1].parentImage',
        line: 38,
        message: 'no AMI is pinned for the parent lookup 801119661308/Windows_Server-2022-English-Full-Base-* (x86_64)',
        hint: expect.stringMatching(/^run `npm run pin-parents -- --team collections` with credentials that may call ec2:DescribeImages in eu-west-2, then commit teams\/collections\/versions\.lock\.json$/),
      },
    ]);
  });

  it('uses the pinned AMI id as the recipe parent, records the pin in the lock, and bumps the recipe with the reason', () => {
    const first = pin('ami-0aaaaaaaaaaaaaaaa', 'Windows_Server-2022-English-Full-Base-2024.06.12', '2024-06-01T10:00:00.000Z', WINDOWS);
    const [pinned] = pinAndWrite({ 'collections/gallery-kiosk': first });
    expect(pinned).toMatchObject({ from: '1.0.0', to: '2.0.0', kind: 'major' });
    expect(pinned!.reasons).toContain('parent image pinned: ami-0aaaaaaaaaaaaaaaa (Windows_Server-2022-English-Full-Base-2024.06.12, created 2024-06-01T10:00:00.000Z)');
    expect(JSON.parse(repo.read('teams/collections/versions.lock.json')).parents).toEqual({ 'gallery-kiosk': first });

    const recipe = resource(synthesize(repo.fleet()).collections!, 'aws_imagebuilder_image_recipe', 'gallery-kiosk');
    expect(recipe.parent_image).toBe('ami-0aaaaaaaaaaaaaaaa');
    expect(recipe.version).toBe('2.0.0');

    // A newer AMI of the same lookup is a patch, and says which AMI it replaced.
    const [updated] = pinAndWrite({ 'collections/gallery-kiosk': pin('ami-0bbbbbbbbbbbbbbbb', 'Windows_Server-2022-English-Full-Base-2024.11.13', '2024-11-01T10:00:00.000Z', WINDOWS) });
    expect(updated).toMatchObject({ from: '2.0.0', to: '2.0.1', kind: 'patch' });
    expect(updated!.reasons).toEqual([
      'parent image updated: ami-0aaaaaaaaaaaaaaaa (Windows_Server-2022-English-Full-Base-2024.06.12) -> ami-0bbbbbbbbbbbbbbbb (Windows_Server-2022-English-Full-Base-2024.11.13, created 2024-11-01T10:00:00.000Z)',
    ]);

    // Without a new pin, nothing moves: the recipe never follows upstream releases by itself.
    const { plan } = loadVersionedFleet(repo.root);
    expect(plan!.staleLocks).toEqual([]);
    expect(plan!.bumps).toEqual([]);
  });

  it('refuses a pin made for another region', () => {
    pinAndWrite({ 'collections/gallery-kiosk': pin('ami-0aaaaaaaaaaaaaaaa', 'Windows_Server-2022-English-Full-Base-2024.06.12', '2024-06-01T10:00:00.000Z', WINDOWS) });
    repo.edit(COLLECTIONS, 'account: digital-lab', 'account: digital-lab\nregion: eu-west-1');
    const errors = loadVersionedFleet(repo.root).problems.errors;
    expect(errors).toMatchObject([{ path: 'images[1].parentImage', message: expect.stringMatching(/answers 801119661308\/Windows_Server-2022-English-Full-Base-\* \(x86_64\) in eu-west-2, not this lookup in eu-west-1$/) }]);
  });

  it("checks instance types against the lookup's architecture", () => {
    repo.edit(COLLECTIONS, `name: "${WINDOWS.name}"`, `name: "${WINDOWS.name}"\n      architecture: arm64`);
    const errors = loadVersionedFleet(repo.root).problems.errors;
    expect(errors).toContainEqual(
      expect.objectContaining({ path: 'images[1].instanceTypes[0]', message: 'instance type m7i.xlarge is x86_64, but the parent image 801119661308/Windows_Server-2022-English-Full-Base-* (arm64) is arm64' }),
    );
  });
});
