/** Lineage checks on the resolved fleet: channels, platforms and cycles, located at the child's line, all in one run. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Problems } from '../../src/core/problems.js';
import { readFleetSources } from '../../src/model/fleet/load.js';
import { checkLineage } from '../../src/model/fleet/lineage-checks.js';
import { ancestorsOf, descendantsOf, goldenChains } from '../../src/model/fleet/lineage.js';
import type { Channel, Fleet, Image } from '../../src/model/fleet/fleet.js';
import { problemsOf } from '../support/bad-input.js';
import { FixtureRepo } from '../support/fixture.js';

const WEBSITE = 'teams/website/team.yaml';

/** The example fleet and its loaded teams, with `change` applied to a copy of the fleet before the checks run. */
function lineageProblems(repo: FixtureRepo, change: (fleet: Fleet) => void) {
  const fleet = structuredClone(repo.fleet());
  change(fleet);
  const problems = new Problems();
  const sources = readFleetSources(repo.root, new Problems())!;
  checkLineage(fleet.teams, sources.teams, problems);
  return problems.all;
}

function image(fleet: Fleet, key: string): Image {
  const [team, name] = key.split('/');
  return fleet.teams.find((t) => t.name === team)!.images.find((i) => i.name === name)!;
}

function channel(name: string, accountIds: string[]): Channel {
  return {
    name,
    accountIds,
    parameterName: `/golden-ami/platform/container-host/${name}`,
    source: { file: 'teams/platform/team.yaml', path: 'images[0].channels[0]', line: 1, column: 1 },
  };
}

describe('lineage checks', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  it('passes the example, whose website/web-server builds on platform/container-host', () => {
    expect(lineageProblems(repo, () => undefined)).toEqual([]);
  });

  it('asks for a channel when the parent has channels, suggesting its last stage', () => {
    const problems = lineageProblems(repo, (fleet) => {
      image(fleet, 'platform/container-host').channels = [channel('candidate', ['444444444444']), channel('stable', ['444444444444'])];
    });
    expect(problems).toMatchObject([
      {
        file: WEBSITE,
        path: 'images[0].parentImage',
        message: 'platform/container-host has channels (candidate, stable): name the one to follow',
        hint: 'add channel: stable (its last, most proven stage) or another of them to parentImage',
      },
    ]);
  });

  it('finds a channel the parent does not have, with a did-you-mean among its channels', () => {
    const problems = lineageProblems(repo, (fleet) => {
      image(fleet, 'platform/container-host').channels = [channel('candidate', ['444444444444']), channel('stable', ['444444444444'])];
      image(fleet, 'website/web-server').parentImage.golden = { team: 'platform', image: 'container-host', channel: 'stabel' };
    });
    expect(problems).toMatchObject([
      {
        path: 'images[0].parentImage',
        message: 'platform/container-host has no channel "stabel"',
        hint: expect.stringMatching(/^did you mean "stable"\?/),
      },
    ]);
  });

  it("accepts a channel whose accounts hold the child's build account, and names the channel to add it to when they do not", () => {
    const follow = (accounts: string[]) =>
      lineageProblems(repo, (fleet) => {
        image(fleet, 'platform/container-host').channels = [channel('candidate', ['222222222222']), channel('stable', accounts)];
        image(fleet, 'website/web-server').parentImage.golden = { team: 'platform', image: 'container-host', channel: 'stable' };
      });
    expect(follow(['444444444444'])).toEqual([]);
    expect(follow(['222222222222'])).toMatchObject([
      {
        message:
          "channel stable of platform/container-host does not reach this team's build account web-prod (444444444444) in eu-west-2: its parameter is set in 222222222222 in eu-west-2, eu-west-1",
        hint: 'team platform adds web-prod to channel stable of images[0] in teams/platform/team.yaml',
      },
    ]);
  });

  it('refuses a parent of another platform', () => {
    const problems = lineageProblems(repo, (fleet) => {
      image(fleet, 'platform/container-host').platform = 'Windows';
    });
    expect(problems).toMatchObject([
      { path: 'images[0].parentImage', message: 'platform/container-host is a Windows image, and this image is Linux' },
    ]);
  });

  it('reports a cycle once, with its whole chain, at the line of its first image', () => {
    const problems = lineageProblems(repo, (fleet) => {
      image(fleet, 'platform/container-host').parentImage.golden = { team: 'website', image: 'web-server' };
    });
    expect(problems.filter((p) => p.message.includes('builds on itself'))).toMatchObject([
      {
        file: 'teams/platform/team.yaml',
        path: 'images[0].parentImage',
        message:
          'platform/container-host builds on itself through its parents: platform/container-host -> website/web-server -> platform/container-host',
      },
    ]);
  });

  it('reports every lineage problem of a run together, across teams and files', () => {
    repo
      .edit(WEBSITE, 'golden: platform/container-host', 'golden: platform/container-hots')
      .edit(
        'teams/collections/team.yaml',
        'parentImage: windows-server-2022-english-full-base-x86',
        'parentImage: { golden: platform/bastion-hots }',
      );
    expect(problemsOf(repo).map((p) => `${p.file}:${p.path}: ${p.hint ?? ''}`)).toEqual([
      expect.stringMatching(/^teams\/collections\/team\.yaml:images\[1\]\.parentImage: did you mean "platform\/bastion-host"\?/),
      expect.stringMatching(/^teams\/website\/team\.yaml:images\[0\]\.parentImage: did you mean "platform\/container-host"\?/),
    ]);
  });
});

describe('lineage graph', () => {
  const parents = new Map([
    ['web/site', 'platform/container-host'],
    ['web/admin', 'platform/container-host'],
    ['shop/front', 'web/site'],
  ]);

  it('lists ancestors nearest first and descendants as a tree', () => {
    expect(ancestorsOf('shop/front', parents)).toEqual(['web/site', 'platform/container-host']);
    expect(ancestorsOf('platform/container-host', parents)).toEqual([]);
    expect(descendantsOf('platform/container-host', parents)).toEqual([
      { key: 'web/admin', children: [] },
      { key: 'web/site', children: [{ key: 'shop/front', children: [] }] },
    ]);
  });

  it('stops at a cycle instead of walking it forever', () => {
    const cyclic = new Map([
      ['a/x', 'b/y'],
      ['b/y', 'a/x'],
    ]);
    expect(ancestorsOf('a/x', cyclic)).toEqual(['b/y']);
    expect(descendantsOf('a/x', cyclic)).toEqual([{ key: 'b/y', children: [] }]);
  });

  it('finds each cycle once, from its smallest image', () => {
    const team = (name: string, images: [string, string | undefined][]) => ({
      name,
      images: images.map(([image, golden]) => ({
        name: image,
        parentImage: {
          value: '',
          family: '',
          updates: true,
          ...(golden ? { golden: { team: golden.split('/')[0]!, image: golden.split('/')[1]! } } : {}),
        },
      })),
    });
    const teams = [
      team('b', [['y', 'a/x']]),
      team('a', [['x', 'c/z']]),
      team('c', [
        ['z', 'b/y'],
        ['w', 'a/x'],
      ]),
    ] as unknown as Parameters<typeof goldenChains>[0];
    expect(goldenChains(teams).cycles).toEqual([['a/x', 'c/z', 'b/y']]);
  });
});
