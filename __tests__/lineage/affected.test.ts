/** A parent team's team.yaml decides its children's recipes: changing it affects the teams that build on its images. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Problems } from '../../src/core/problems.js';
import { loadTeams } from '../../src/config/teams.js';
import { goldenParentTeamsOf, teamSourcePaths } from '../../src/model/stack-sources.js';
import { GitRepo } from '../support/git-repo.js';

describe('affected stacks with lineage', () => {
  let repo: GitRepo;
  beforeEach(() => {
    repo = new GitRepo();
  });
  afterEach(() => repo.dispose());

  it("a change of a parent team's team.yaml affects the teams with images built on its images, saying why", () => {
    repo.edit('teams/platform/team.yaml', /$/, '\n# tuned\n').commitAll('tune');
    const result = repo.affected();
    expect(result.teams).toEqual(['platform', 'website']);
    expect(result.reasons.website).toEqual(['teams/platform/team.yaml modified (team platform has images they build on)']);
  });

  it("a change of the child team's file affects the child alone", () => {
    repo.edit('teams/website/team.yaml', /$/, '\n# tuned\n').commitAll('tune');
    expect(repo.affected().teams).toEqual(['website']);
  });

  it("counts the parent team's team.yaml among the child's source paths (its source commit), and no team as its own parent", () => {
    const teams = loadTeams(repo.root, new Problems());
    const website = teams.find((team) => team.name === 'website')!;
    expect(goldenParentTeamsOf(website)).toEqual(new Set(['platform']));
    expect(teamSourcePaths(website)).toContain('teams/platform/team.yaml');
    expect(goldenParentTeamsOf(teams.find((team) => team.name === 'platform')!)).toEqual(new Set());
  });
});
