/** AMI names across teams: consumers filter AMIs by name, so no team's AMI name may pass for another team's. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COLLECTIONS, PLATFORM, problemsOf } from './support/bad-input.js';
import { FixtureRepo } from './support/fixture.js';

const IIIF_TYPES = '    instanceTypes: [m7g.large]\n';
const IIIF_ACCOUNTS = '        accounts: [collections-prod, collections-staging]\n';

describe('AMI names across teams', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  const summary = () => problemsOf(repo).map((p) => `${p.file}:${p.line ?? '?'} ${p.path}: ${p.message}`);

  it("accept names in the team's own prefix and names no other team's share", () => {
    repo.edit(COLLECTIONS, IIIF_TYPES, `${IIIF_TYPES}    amiName: collections-museum-iiif-{{ imagebuilder:buildVersion }}\n`);
    repo.edit(COLLECTIONS, IIIF_ACCOUNTS, `${IIIF_ACCOUNTS}        amiName: iiif-{{ imagebuilder:buildDate }}\n`);
    expect(summary()).toEqual([]);
  });

  it('report the same name used by two teams once, at the later team, naming the other', () => {
    repo.edit(COLLECTIONS, IIIF_TYPES, `${IIIF_TYPES}    amiName: museum-bastion-al2023-{{ imagebuilder:buildDate }}\n`);
    expect(summary()).toEqual([
      expect.stringMatching(
        /^teams\/platform\/team\.yaml:68 images\[1\]\.amiName: AMI name "museum-bastion-al2023-\{\{ imagebuilder:buildDate \}\}" overlaps team collections's .*teams\/collections\/team\.yaml:29 at images\[0\]\.amiName/,
      ),
    ]);
  });

  it("report a region's AMI name that starts with another team's prefix", () => {
    repo.edit(COLLECTIONS, IIIF_ACCOUNTS, `${IIIF_ACCOUNTS}        amiName: platform-iiif-{{ imagebuilder:buildDate }}\n`);
    expect(summary()).toEqual([
      'teams/collections/team.yaml:32 images[0].distribution[0].amiName: AMI name "platform-iiif-{{ imagebuilder:buildDate }}" starts with "platform-", the prefix of team platform\'s AMIs (teams/platform/team.yaml)',
    ]);
  });

  it("report a name whose fixed start would match another team's default names", () => {
    repo.edit(PLATFORM, 'museum-bastion-al2023-{{ imagebuilder:buildDate }}', 'coll{{ imagebuilder:buildDate }}');
    expect(summary()).toEqual([
      expect.stringMatching(
        /^teams\/platform\/team\.yaml:68 images\[1\]\.amiName: AMI name "coll\{\{ imagebuilder:buildDate \}\}" overlaps team collections's "collections-iiif-server-\{\{ imagebuilder:buildDate \}\}" \(teams\/collections\/team\.yaml:12 at images\[0\]\.name\): a consumer filtering on "coll\*" would get both teams' AMIs$/,
      ),
    ]);
  });
});
