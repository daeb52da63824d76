/**
 * Parents found by owner and name: pinned in the team's lock by `npm run pin-parents`, never
 * followed at plan time, so no upstream release changes a recipe by itself (docs/design.md, "Rules
 * that keep Terraform and Image Builder at peace", rule 8), with the bump reason "parent image updated".
 */
import { DescribeImagesCommand, EC2Client, type Image } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPins } from '../../src/operations/parents/apply-pins.js';
import { findNewestParents, parentLookups } from '../../src/operations/parents/lookups.js';
import { loadPlatformSettings } from '../../src/config/platform.js';
import { Problems } from '../../src/core/problems.js';
import { loadTeams } from '../../src/config/teams.js';
import { newestMatchingAmi } from '../../src/operations/parents/newest-ami.js';
import { checkPolicies } from '../../src/checks/engine.js';
import { renderMarkdown, renderText, reportData, reportRows } from '../../src/workflows/fleet-report.js';
import type { ParentPin } from '../../src/config/lock-schema.js';
import { loadVersionedFleet, writeLocks } from '../../src/versioning/sync.js';
import { FixtureRepo, resource, synthesize, synthesizeForPolicies } from '../support/fixture.js';

const COLLECTIONS = 'teams/collections/team.yaml';
const RHEL = { owner: '309956199498', name: 'RHEL-9.*_HVM-*-x86_64-*', architecture: 'x86_64' as const };
const WINDOWS = { owner: '801119661308', name: 'Windows_Server-2022-English-Full-Base-*', architecture: 'x86_64' as const };
const KIOSK_PARENT = 'parentImage: windows-server-2022-english-full-base-x86';

function ami(id: string, name: string, created: string): Image {
  return {
    ImageId: id,
    Name: name,
    CreationDate: created,
    Architecture: 'x86_64',
    ImageType: 'machine',
    State: 'available',
    OwnerId: RHEL.owner,
    Public: true,
  };
}

function pin(imageId: string, imageName: string, created: string, lookup = RHEL, region = 'eu-west-2'): ParentPin {
  return { ...lookup, region, imageId, imageName, created };
}

/** One mock of EC2's send for the whole file: a second mockClient of the class would replace the first. */
const ec2 = mockClient(EC2Client);
afterAll(() => ec2.restore());

describe('the newest AMI of a lookup (EC2 DescribeImages, mocked)', () => {
  afterEach(() => ec2.reset());
  const client = () => new EC2Client({ region: 'eu-west-2' });

  it('asks for available machine images of the owner, name pattern and architecture, and takes the newest across pages', async () => {
    ec2
      .on(DescribeImagesCommand)
      .resolvesOnce({
        Images: [ami('ami-0aaaaaaaaaaaaaaaa', 'RHEL-9.4.0_HVM-20240601-x86_64-0-Hourly2-GP3', '2024-06-01T10:00:00.000Z')],
        NextToken: 'next',
      })
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

  it('says so when nothing matches, and how to look, with the opt-in for parents that exist only deprecated', async () => {
    ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    expect(await newestMatchingAmi(client(), RHEL, 'eu-west-2')).toEqual({
      error: 'no available, non-deprecated x86_64 AMI of owner 309956199498 matches "RHEL-9.*_HVM-*-x86_64-*" in eu-west-2',
      hint: 'check owner, name and architecture with `aws ec2 describe-images --region eu-west-2 --owners 309956199498 --include-deprecated --filters "Name=name,Values=RHEL-9.*_HVM-*-x86_64-*"` as the build account; if only deprecated AMIs match, add includeDeprecated: true to the lookup and exceptions: [{ check: deprecated-parent, reason: ... }] to the image',
    });
  });

  it('reports a missing permission for its lookup only', async () => {
    const denied = Object.assign(new Error('You are not authorized to perform this operation.'), {
      name: 'UnauthorizedOperation',
      $metadata: { httpStatusCode: 403 },
    });
    ec2
      .on(DescribeImagesCommand)
      .rejectsOnce(denied)
      .resolves({ Images: [ami('ami-0bbbbbbbbbbbbbbbb', 'RHEL-9.5', '2024-11-01T10:00:00.000Z')] });
    const results = await findNewestParents(
      [
        {
          team: 'a',
          image: 'x',
          lookup: RHEL,
          region: 'eu-west-2',
          accountId: '111111111111',
          file: 'teams/a/team.yaml',
          path: 'images[0].parentImage',
        },
        {
          team: 'b',
          image: 'y',
          lookup: RHEL,
          region: 'eu-west-2',
          accountId: '222222222222',
          file: 'teams/b/team.yaml',
          path: 'images[0].parentImage',
        },
      ],
      client,
    );
    expect(results[0]).toMatchObject({
      error: 'UnauthorizedOperation: You are not authorized to perform this operation. (the role needs ec2:DescribeImages in this region)',
    });
    expect(results[1]).toMatchObject({ pin: { imageId: 'ami-0bbbbbbbbbbbbbbbb' } });
  });
});

describe('pin-parents trusts nothing DescribeImages returns', () => {
  afterEach(() => ec2.reset());
  const client = () => new EC2Client({ region: 'eu-west-2' });
  const NOW = new Date('2026-12-01T00:00:00.000Z');
  const SELF = { owner: 'self', name: 'museum-base-*', architecture: 'x86_64' as const };
  const own = (id: string, created: string, extra: Partial<Image> = {}): Image => ({
    ...ami(id, `museum-base-${created.slice(0, 10)}`, created),
    OwnerId: '555555555555',
    Public: false,
    ...extra,
  });

  it('never pins a deprecated AMI, though EC2 shows owners their own (owner self)', async () => {
    ec2.on(DescribeImagesCommand).resolves({
      Images: [
        own('ami-0aaaaaaaaaaaaaaaa', '2026-11-20T10:00:00.000Z', { DeprecationTime: '2026-11-30T00:00:00.000Z' }),
        own('ami-0bbbbbbbbbbbbbbbb', '2026-11-10T10:00:00.000Z', { DeprecationTime: '2026-12-01T00:00:00.000Z' }),
        own('ami-0cccccccccccccccc', '2026-11-01T10:00:00.000Z', { DeprecationTime: '2027-11-01T00:00:00.000Z' }),
        own('ami-0dddddddddddddddd', '2026-10-01T10:00:00.000Z'),
      ],
    });
    // Deprecated once DeprecationTime has come: the first two are; the third is deprecated only next year.
    expect(await newestMatchingAmi(client(), SELF, 'eu-west-2', NOW)).toMatchObject({ imageId: 'ami-0cccccccccccccccc' });
  });

  it('says so when every match is deprecated', async () => {
    ec2
      .on(DescribeImagesCommand)
      .resolves({ Images: [own('ami-0aaaaaaaaaaaaaaaa', '2026-11-20T10:00:00.000Z', { DeprecationTime: '2026-11-21T00:00:00.000Z' })] });
    expect(await newestMatchingAmi(client(), SELF, 'eu-west-2', NOW)).toMatchObject({
      error: 'no available, non-deprecated x86_64 AMI of owner self matches "museum-base-*" in eu-west-2',
    });
  });

  it('with includeDeprecated, asks EC2 for deprecated AMIs too, pins the newest even if deprecated, and records when it was deprecated', async () => {
    const RHEL6 = { owner: '309956199498', name: 'RHEL-6.10_HVM-*', architecture: 'x86_64' as const, includeDeprecated: true };
    ec2.on(DescribeImagesCommand).resolves({
      Images: [
        {
          ...ami('ami-0aaaaaaaaaaaaaaaa', 'RHEL-6.10_HVM-20180613-x86_64-2-Hourly2-GP2', '2018-06-13T10:00:00.000Z'),
          DeprecationTime: '2021-06-13T10:00:00.000Z',
        },
        {
          ...ami('ami-0bbbbbbbbbbbbbbbb', 'RHEL-6.10_HVM-20171001-x86_64-1-Hourly2-GP2', '2017-10-01T10:00:00.000Z'),
          DeprecationTime: '2020-10-01T10:00:00.000Z',
        },
      ],
    });
    expect(await newestMatchingAmi(client(), RHEL6, 'eu-west-2', NOW)).toEqual({
      owner: RHEL6.owner,
      name: RHEL6.name,
      architecture: 'x86_64',
      region: 'eu-west-2',
      imageId: 'ami-0aaaaaaaaaaaaaaaa',
      imageName: 'RHEL-6.10_HVM-20180613-x86_64-2-Hourly2-GP2',
      created: '2018-06-13T10:00:00.000Z',
      deprecated: '2021-06-13T10:00:00.000Z',
    });
    expect(ec2.commandCalls(DescribeImagesCommand)[0]!.args[0].input.IncludeDeprecated).toBe(true);
  });

  it("ignores what the filters should have kept out: another owner's AMI, a disabled one, a malformed id; strips control characters from the name", async () => {
    ec2.on(DescribeImagesCommand).resolves({
      Images: [
        { ...ami('ami-0eeeeeeeeeeeeeeee', 'RHEL-9.9.0_HVM-squatted', '2026-11-30T10:00:00.000Z'), OwnerId: '999999999999' },
        { ...ami('ami-0ffffffffffffffff', 'RHEL-9.8.0_HVM-disabled', '2026-11-29T10:00:00.000Z'), State: 'disabled' },
        ami('ami-0aaaaaaaaaaaaaaaa"; rm -rf /', '2026-11-28T10:00:00.000Z', '2026-11-28T10:00:00.000Z'),
        ami('ami-0bbbbbbbbbbbbbbbb', 'RHEL-9.5.0_HVM\u001b]0;pwned\u0007-x86_64', '2024-11-01T10:00:00Z'),
      ],
    });
    expect(await newestMatchingAmi(client(), RHEL, 'eu-west-2', NOW)).toMatchObject({
      imageId: 'ami-0bbbbbbbbbbbbbbbb',
      imageName: 'RHEL-9.5.0_HVM-x86_64',
      created: '2024-11-01T10:00:00.000Z',
    });
  });

  it('a Marketplace lookup asks for its product code and pins only an AMI that carries it', async () => {
    const MARKETPLACE = {
      owner: 'aws-marketplace',
      name: 'RHEL-9*',
      architecture: 'x86_64' as const,
      productCode: 'aw0evgkw8e5c1q413zgy5pjce',
    };
    const listed = (id: string, created: string, code: string): Image => ({
      ...ami(id, `RHEL-9-${created.slice(0, 10)}`, created),
      OwnerId: '679593333241',
      ImageOwnerAlias: 'aws-marketplace',
      ProductCodes: [{ ProductCodeId: code, ProductCodeType: 'marketplace' }],
    });
    ec2.on(DescribeImagesCommand).resolves({
      Images: [
        listed('ami-0eeeeeeeeeeeeeeee', '2026-11-30T10:00:00.000Z', 'squatter0000000000000000'),
        listed('ami-0bbbbbbbbbbbbbbbb', '2026-11-01T10:00:00.000Z', MARKETPLACE.productCode),
      ],
    });
    expect(await newestMatchingAmi(client(), MARKETPLACE, 'eu-west-2', NOW)).toEqual({
      ...MARKETPLACE,
      region: 'eu-west-2',
      imageId: 'ami-0bbbbbbbbbbbbbbbb',
      imageName: 'RHEL-9-2026-11-01',
      created: '2026-11-01T10:00:00.000Z',
    });
    expect(ec2.commandCalls(DescribeImagesCommand)[0]!.args[0].input.Filters).toContainEqual({
      Name: 'product-code',
      Values: [MARKETPLACE.productCode],
    });
  });

  it('a repeated NextToken is an error of that lookup, not an endless listing', async () => {
    ec2.on(DescribeImagesCommand).resolves({ Images: [], NextToken: 'again' });
    const [result] = await findNewestParents(
      [
        {
          team: 'a',
          image: 'x',
          lookup: RHEL,
          region: 'eu-west-2',
          accountId: '111111111111',
          file: 'teams/a/team.yaml',
          path: 'images[0].parentImage',
        },
      ],
      client,
    );
    expect(ec2.commandCalls(DescribeImagesCommand)).toHaveLength(2);
    expect(result).toMatchObject({
      error: expect.stringMatching(/^PagingError: ec2:DescribeImages returned a paging token it had already returned/),
    });
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
        line: 45,
        message: 'no AMI is pinned for the parent lookup 801119661308/Windows_Server-2022-English-Full-Base-* (x86_64)',
        hint: expect.stringMatching(
          /^run `npm run pin-parents -- --team collections` with credentials that may call ec2:DescribeImages in eu-west-2, then commit teams\/collections\/versions\.lock\.json$/,
        ),
      },
    ]);
  });

  it('uses the pinned AMI id as the recipe parent, records the pin in the lock, and bumps the recipe with the reason', () => {
    const first = pin('ami-0aaaaaaaaaaaaaaaa', 'Windows_Server-2022-English-Full-Base-2024.06.12', '2024-06-01T10:00:00.000Z', WINDOWS);
    const [pinned] = pinAndWrite({ 'collections/gallery-kiosk': first });
    expect(pinned).toMatchObject({ from: '1.0.0', to: '2.0.0', kind: 'major' });
    expect(pinned!.reasons).toContain(
      'parent image pinned: ami-0aaaaaaaaaaaaaaaa (Windows_Server-2022-English-Full-Base-2024.06.12, created 2024-06-01T10:00:00.000Z)',
    );
    expect(JSON.parse(repo.read('teams/collections/versions.lock.json')).parents).toEqual({ 'gallery-kiosk': first });

    const recipe = resource(synthesize(repo.fleet()).collections!, 'aws_imagebuilder_image_recipe', 'gallery-kiosk');
    expect(recipe.parent_image).toBe('ami-0aaaaaaaaaaaaaaaa');
    expect(recipe.version).toBe('2.0.0');
    // The report shows the pinned AMI and the lookup it came from.
    expect(reportData(repo.fleet()).find((r) => r.image === 'gallery-kiosk')!.parentImage).toEqual({
      reference: 'ami-0aaaaaaaaaaaaaaaa',
      family: `lookup:${WINDOWS.owner}/${WINDOWS.name}:x86_64`,
      updates: false,
    });

    // A newer AMI of the same lookup is a patch, and says which AMI it replaced.
    const [updated] = pinAndWrite({
      'collections/gallery-kiosk': pin(
        'ami-0bbbbbbbbbbbbbbbb',
        'Windows_Server-2022-English-Full-Base-2024.11.13',
        '2024-11-01T10:00:00.000Z',
        WINDOWS,
      ),
    });
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
    pinAndWrite({
      'collections/gallery-kiosk': pin(
        'ami-0aaaaaaaaaaaaaaaa',
        'Windows_Server-2022-English-Full-Base-2024.06.12',
        '2024-06-01T10:00:00.000Z',
        WINDOWS,
      ),
    });
    repo.edit(COLLECTIONS, 'account: digital-lab', 'account: digital-lab\nregion: eu-west-1');
    const errors = loadVersionedFleet(repo.root).problems.errors;
    expect(errors).toMatchObject([
      {
        path: 'images[1].parentImage',
        message: expect.stringMatching(
          /answers 801119661308\/Windows_Server-2022-English-Full-Base-\* \(x86_64\) in eu-west-2, not this lookup in eu-west-1$/,
        ),
      },
    ]);
  });

  it('refuses owner aws-marketplace without a product code, at the owner line: any seller can publish a matching name', () => {
    repo.edit(COLLECTIONS, `owner: "${WINDOWS.owner}"\n      name: "${WINDOWS.name}"`, 'owner: aws-marketplace\n      name: "RHEL-9*"');
    expect(loadVersionedFleet(repo.root).problems.errors).toMatchObject([
      {
        file: COLLECTIONS,
        path: 'images[1].parentImage.owner',
        line: 45,
        message: expect.stringMatching(
          /^owner aws-marketplace matches the AMIs of every Marketplace seller, so anyone can publish a matching name: add productCode/,
        ),
      },
    ]);
  });

  it('a Marketplace lookup with its product code needs a pin made with that product code', () => {
    repo.edit(
      COLLECTIONS,
      `owner: "${WINDOWS.owner}"\n      name: "${WINDOWS.name}"`,
      'owner: aws-marketplace\n      name: "RHEL-9*"\n      productCode: aw0evgkw8e5c1q413zgy5pjce',
    );
    const lookup = { owner: 'aws-marketplace', name: 'RHEL-9*', architecture: 'x86_64' as const };
    // A pin of the same owner and name made before the product code was given does not answer it.
    const { problems } = loadVersionedFleet(repo.root, {
      newPins: new Map([
        ['collections/gallery-kiosk', pin('ami-0aaaaaaaaaaaaaaaa', 'RHEL-9-squatted', '2026-11-30T10:00:00.000Z', lookup)],
      ]),
    });
    expect(problems.errors).toMatchObject([{ path: 'images[1].parentImage', message: expect.stringContaining('not this lookup') }]);
    pinAndWrite({
      'collections/gallery-kiosk': pin('ami-0bbbbbbbbbbbbbbbb', 'RHEL-9-2026-11-01', '2026-11-01T10:00:00.000Z', {
        ...lookup,
        productCode: 'aw0evgkw8e5c1q413zgy5pjce',
      } as typeof RHEL),
    });
    expect(JSON.parse(repo.read('teams/collections/versions.lock.json')).parents['gallery-kiosk']).toMatchObject({
      productCode: 'aw0evgkw8e5c1q413zgy5pjce',
      imageId: 'ami-0bbbbbbbbbbbbbbbb',
    });
  });

  it('includes deprecated AMIs only by opt-in, waived with a reason, and shows it in validate and every report format', () => {
    const deprecatedPin = {
      ...pin('ami-0aaaaaaaaaaaaaaaa', 'Windows_Server-2012-R2_RTM-English-64Bit-Base-2023.05.10', '2023-05-10T10:00:00.000Z', WINDOWS),
      deprecated: '2025-05-10T10:00:00.000Z',
    };
    // A deprecated AMI does not answer a lookup that does not include them.
    const refused = loadVersionedFleet(repo.root, { newPins: new Map([['collections/gallery-kiosk', deprecatedPin]]) }).problems.errors;
    expect(refused).toMatchObject([
      {
        path: 'images[1].parentImage',
        message:
          'the pinned AMI ami-0aaaaaaaaaaaaaaaa was deprecated on 2025-05-10T10:00:00.000Z, and the lookup no longer includes deprecated AMIs',
      },
    ]);

    repo.edit(COLLECTIONS, `name: "${WINDOWS.name}"`, `name: "${WINDOWS.name}"\n      includeDeprecated: true`);
    pinAndWrite({ 'collections/gallery-kiosk': deprecatedPin });
    const optedIn = repo.fleet();
    expect(checkPolicies(synthesizeForPolicies(optedIn), optedIn).violations.map((v) => [v.check, v.source.path, v.message])).toEqual([
      [
        'deprecated-parent',
        'images[1]',
        'the parent lookup of collections-gallery-kiosk includes deprecated AMIs (includeDeprecated: true): it may pin an AMI its publisher withdrew',
      ],
    ]);

    repo.edit(
      COLLECTIONS,
      '    exceptions:\n',
      '    exceptions:\n      - check: deprecated-parent\n        reason: RHEL 6.10 exists only deprecated, TICKET-61\n',
    );
    const waived = repo.fleet();
    expect(checkPolicies(synthesizeForPolicies(waived), waived).violations).toEqual([]);
    expect(reportData(waived).find((r) => r.image === 'gallery-kiosk')).toMatchObject({
      parentImage: { reference: 'ami-0aaaaaaaaaaaaaaaa', includesDeprecated: true },
      waivers: expect.arrayContaining([{ check: 'deprecated-parent', reason: 'RHEL 6.10 exists only deprecated, TICKET-61' }]),
    });
    expect(reportData(waived).find((r) => r.image !== 'gallery-kiosk')!.parentImage).not.toHaveProperty('includesDeprecated');
    for (const text of [renderText(reportRows(waived)), renderMarkdown(reportRows(waived))]) {
      expect(text).toContain('includes deprecated AMIs');
      expect(text).toContain('deprecated-parent: RHEL 6.10 exists only deprecated, TICKET-61');
    }
  });

  describe('pin-parents pins what it can', () => {
    const RHEL6 = { owner: '309956199498', name: 'RHEL-6.10_HVM-*', architecture: 'arm64' as const };
    const rhel9 = (id: string, created: string): Image => ({
      ...ami(id, `RHEL-9.5.0_HVM-${created.slice(0, 10)}-x86_64`, created),
      OwnerId: WINDOWS.owner,
    });
    beforeEach(() => {
      // Both collections images find their parent by lookup: the kiosk's matches, the IIIF server's (RHEL 6.10) matches nothing.
      repo.edit(
        COLLECTIONS,
        'parentImage: amazon-linux-2023-arm64',
        `parentImage:\n      owner: "${RHEL6.owner}"\n      name: "${RHEL6.name}"\n      architecture: arm64`,
      );
    });
    afterEach(() => ec2.reset());

    /** The lookups `npm run pin-parents [--image ...]` makes, answered by the mocked EC2. */
    async function lookUp(images: string[] = []) {
      const problems = new Problems();
      const uses = parentLookups(loadTeams(repo.root, problems), loadPlatformSettings(repo.root, problems)!, { teams: [], images });
      ec2.on(DescribeImagesCommand).callsFake((input) => ({
        Images: input.Filters[0].Values[0] === WINDOWS.name ? [rhel9('ami-0bbbbbbbbbbbbbbbb', '2024-11-01T10:00:00.000Z')] : [],
      }));
      return findNewestParents(uses, () => new EC2Client({ region: 'eu-west-2' }));
    }

    it('one lookup matching nothing does not stop the others; it gets a hint that is not "run pin-parents", and its recipe keeps its version', async () => {
      const recipeBefore = JSON.parse(repo.read('teams/collections/versions.lock.json')).entries['recipe:iiif-server'];
      const results = await lookUp();
      const failed = results.find((result) => result.image === 'iiif-server')!;
      expect(failed).toMatchObject({
        error: expect.stringMatching(/^no available, non-deprecated arm64 AMI of owner 309956199498 matches "RHEL-6\.10_HVM-\*"/),
        hint: expect.stringContaining('add includeDeprecated: true'),
      });
      expect('hint' in failed && failed.hint).not.toMatch(/pin-parents/);

      const outcome = applyPins(repo.root, results);
      expect(outcome).toMatchObject({ unselected: [], written: ['teams/collections/versions.lock.json'] });
      const lock = JSON.parse(repo.read('teams/collections/versions.lock.json'));
      expect(Object.keys(lock.parents)).toEqual(['gallery-kiosk']);
      expect(lock.entries['recipe:iiif-server']).toEqual(recipeBefore);
      expect(lock.retired['recipe:iiif-server']).toBeUndefined();
      // validate still stops at the lookup without a pin, and only there.
      expect(loadVersionedFleet(repo.root).problems.errors).toMatchObject([
        {
          path: 'images[0].parentImage',
          message: expect.stringMatching(/^no AMI is pinned for the parent lookup 309956199498\/RHEL-6\.10_HVM-\*/),
        },
      ]);
    });

    it('--image pins that image although another lookup of the fleet has no pin, and names the other as not selected', async () => {
      const results = await lookUp(['gallery-kiosk']);
      expect(results.map((result) => result.image)).toEqual(['gallery-kiosk']);
      const outcome = applyPins(repo.root, results);
      expect(outcome).toMatchObject({
        unselected: [{ file: COLLECTIONS, path: 'images[0].parentImage', message: expect.stringMatching(/^no AMI is pinned/) }],
      });
      expect(JSON.parse(repo.read('teams/collections/versions.lock.json')).parents['gallery-kiosk']).toMatchObject({
        imageId: 'ami-0bbbbbbbbbbbbbbbb',
      });
    });

    it('other problems of the fleet still stop it, and nothing is written', async () => {
      const before = repo.read('teams/collections/versions.lock.json');
      repo.edit(COLLECTIONS, 'shared: update-os', 'shared: update-oss');
      const outcome = applyPins(repo.root, await lookUp());
      expect(outcome).toMatchObject({
        blocked: [expect.objectContaining({ message: expect.stringContaining('no shared component "update-oss"') })],
      });
      expect(repo.read('teams/collections/versions.lock.json')).toBe(before);
    });
  });

  it("checks instance types against the lookup's architecture", () => {
    repo.edit(COLLECTIONS, `name: "${WINDOWS.name}"`, `name: "${WINDOWS.name}"\n      architecture: arm64`);
    const errors = loadVersionedFleet(repo.root).problems.errors;
    expect(errors).toContainEqual(
      expect.objectContaining({
        path: 'images[1].instanceTypes[0]',
        message:
          'instance type m7i.xlarge is x86_64, but the parent image 801119661308/Windows_Server-2022-English-Full-Base-* (arm64) is arm64',
      }),
    );
  });
});
