/**
 * Comments never change a version: a YAML comment is not sent to Image Builder and is in no
 * fingerprint. A `#` line inside a block scalar (a script) is not a YAML comment: it is part of the
 * script, is sent, and bumps the version like any other line of it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentData } from '../../src/components/document.js';
import { loadVersionedFleet } from '../../src/versioning/sync.js';
import { FixtureRepo } from '../support/fixture.js';

describe('component data without comments', () => {
  it.each([
    ['a comment line before a blank line', 'a: 1\n# note\n\nb: 2\n', 'a: 1\n\nb: 2\n'],
    ['a comment line after a blank line', 'a: 1\n\n# note\nb: 2\n', 'a: 1\n\nb: 2\n'],
    ['blank lines inside a comment block', 'a: 1\n# one\n\n# two\nb: 2\n', 'a: 1\n\nb: 2\n'],
    ['a comment between list items', 'a:\n  - x\n  # note\n\n  - y\n', 'a:\n  - x\n\n  - y\n'],
    ['a comment closing a nested mapping', 'a:\n  b: 1\n  # note\n\nd: 2\n', 'a:\n  b: 1\n\nd: 2\n'],
    ['a comment after a block scalar', 'a: |\n  x\n# note\n\nb: 2\n', 'a: |\n  x\n\nb: 2\n'],
    ['a comment after a value', 'a: 1   # note\nb: [x, y] # note\n', 'a: 1\nb: [x, y]\n'],
    ['a comment on a block scalar header', 'a: | # note\n  x\n', 'a: |\n  x\n'],
    ['a comment inside a flow sequence', 'a: [x, # note\n  y]\n', 'a: [x,\n  y]\n'],
    ['a comment after a command in a list', 'commands:\n  - echo hi # note\n', 'commands:\n  - echo hi\n'],
    ['the file header and end', '# yaml-language-server: $schema=x\n# about\n\na: 1\n# end\n', 'a: 1\n'],
    ['Windows line breaks', 'a: 1\r\n# note\r\n\r\nb: 2 # note\r\n', 'a: 1\r\n\r\nb: 2\r\n'],
  ])('is the same with or without %s', (_, commented, plain) => {
    expect(documentData(commented)).toBe(documentData(plain));
    expect(documentData(commented)).not.toContain('note');
  });

  it.each([
    ['a # line in a literal block', 'a: |\n  # note\n  x\n', 'a: |\n  x\n'],
    ['a # line in a folded block', 'a: >\n  # note\n  x\n', 'a: >\n  x\n'],
    ['a # in a quoted string', 'a: "x # note"\n', 'a: "x"\n'],
    ['a # without a blank before it', 'a: x#note\n', 'a: x\n'],
  ])('keeps %s: it is content, not a comment', (_, withHash, without) => {
    expect(documentData(withHash)).not.toBe(documentData(without));
    expect(documentData(withHash)).toContain('note');
  });
});

const SSM_DOC = 'components-yaml/ssm-agent.yaml';

describe('versions', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
  });
  afterEach(() => repo.dispose());

  const bumps = () => {
    const { plan, problems } = loadVersionedFleet(repo.root);
    expect(problems.errors).toEqual([]);
    return plan!.bumps.map((bump) => `${bump.id} ${bump.from ?? '(new)'} -> ${bump.to}`);
  };

  it('stay the same when comments in component documents and team files change', () => {
    repo
      .edit(SSM_DOC, '# Makes sure', '# Reviewed by the platform team.\n\n# Makes sure')
      .edit(
        SSM_DOC,
        '              fi\n\n      - name: EnableSsmAgent',
        '              fi\n      # Enabling is a step of its own.\n\n      - name: EnableSsmAgent',
      )
      .edit(SSM_DOC, '        action: ExecuteBash\n', '        action: ExecuteBash   # runs with bash -e\n')
      .edit(
        'teams/platform/team.yaml',
        '      - shared: update-os\n',
        '      # Always first.\n      - shared: update-os   # the newest packages\n\n',
      )
      .edit('teams/platform/team.yaml', '   # containers need IP forwarding', '')
      .edit('teams/collections/team.yaml', /^/, '# The collections team.\n');
    expect(bumps()).toEqual([]);
    expect(loadVersionedFleet(repo.root).plan!.staleLocks).toEqual([]);
  });

  it('bump when a # line inside a component script changes: it is part of the script', () => {
    repo.edit(SSM_DOC, '# Image Builder drives this build', '# The build runs through the agent. Image Builder drives this build');
    expect(bumps()).toEqual(expect.arrayContaining(['shared/component:ssm-agent 1.0.0 -> 1.0.1']));
  });

  it('bump when a # line inside userData changes, and not for a comment next to it', () => {
    repo
      .edit(
        'teams/platform/team.yaml',
        '    instanceMetadataHopLimit: 2',
        '    userData: |\n      #!/bin/bash\n      echo ready\n    instanceMetadataHopLimit: 2',
      )
      .updateVersions();
    repo.edit('teams/platform/team.yaml', '    userData: |\n', '    # Runs before the build.\n    userData: |   # shell\n');
    expect(bumps()).toEqual([]);
    repo.edit('teams/platform/team.yaml', '      #!/bin/bash\n', '      #!/bin/bash\n      # set up the build\n');
    expect(bumps()).toEqual(['platform/recipe:container-host 1.0.1 -> 1.0.2']);
  });
});
