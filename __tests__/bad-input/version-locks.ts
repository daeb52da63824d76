/** Version locks that would let a version go backwards, or that Image Builder would refuse. */
import { symlinkSync } from 'node:fs';
import type { BadInput } from '../support/bad-input.js';
import { commitEverything } from '../support/git.js';

const SHARED_LOCK = 'components-yaml/versions.lock.json';
const TEAM_LOCK = 'teams/platform/versions.lock.json';
const SSM_DOC = 'components-yaml/ssm-agent.yaml';
const SSM_ENTRY_VERSION = /("component:ssm-agent": \{[\s\S]*?"version": )"1\.0\.0"/;

export const cases: BadInput[] = [
  {
    name: 'a lock entry that a merge kept twice',
    change: (r) =>
      r.write(
        SHARED_LOCK,
        r
          .read(SHARED_LOCK)
          .replace(/ {4}"component:ssm-agent": \{[\s\S]*?\n {4}\},\n/, (entry) => entry.replace('"1.0.0"', '"1.0.3"') + entry),
      ),
    file: SHARED_LOCK,
    path: 'entries.component:ssm-agent',
    where: ['"component:ssm-agent"', 2, 0],
    message: /^"component:ssm-agent" appears more than once \(a merge kept both sides\)/,
    hint: /npm run versions.*highest version/,
  },
  {
    name: 'a lock version with a pre-release suffix',
    change: (r) => r.edit(TEAM_LOCK, /"version": "1\.0\.0"/, '"version": "1.0.0-beta"'),
    file: TEAM_LOCK,
    path: 'entries.recipe:bastion-host.version',
    where: ['"1.0.0-beta"'],
    message: /^"1\.0\.0-beta" has a pre-release or build suffix, which Image Builder does not accept/,
    hint: /npm run versions/,
  },
  {
    name: 'a lock version with a build suffix',
    change: (r) => r.edit(TEAM_LOCK, /"version": "1\.0\.0"/, '"version": "1.0.0+x"'),
    file: TEAM_LOCK,
    path: 'entries.recipe:bastion-host.version',
    where: ['"1.0.0+x"'],
    message: /^"1\.0\.0\+x" has a pre-release or build suffix/,
    hint: /npm run versions/,
  },
  {
    name: "a lock version number above Image Builder's limit",
    change: (r) => r.edit(TEAM_LOCK, /"version": "1\.0\.0"/, '"version": "1.0.1073741824"'),
    file: TEAM_LOCK,
    path: 'entries.recipe:bastion-host.version',
    where: ['"1.0.1073741824"'],
    message: /^the number 1073741824 in "1\.0\.1073741824" is above Image Builder's limit of 1073741823$/,
    hint: /npm run versions/,
  },
  {
    name: "a bump past Image Builder's limit",
    change: (r) =>
      r
        .edit(SHARED_LOCK, SSM_ENTRY_VERSION, '$1"1.0.1073741823"')
        .edit(SSM_DOC, 'description: Ensures amazon-ssm-agent', 'description: Makes sure amazon-ssm-agent'),
    file: SHARED_LOCK,
    path: 'entries.component:ssm-agent.version',
    where: ['"1.0.1073741823"'],
    message:
      /^shared\/component:ssm-agent: version 1\.0\.1073741823 cannot get a patch bump within Image Builder's limit of 1073741823 per number$/,
    hint: /^force a bigger bump: npm run versions -- --bump shared\/component:ssm-agent=minor$/,
  },
  {
    name: 'a lock version below one its git history had',
    change: (r) => {
      const lock = r.read(SHARED_LOCK);
      r.edit(SSM_DOC, 'description: Ensures amazon-ssm-agent', 'description: Makes sure amazon-ssm-agent').updateVersions();
      commitEverything(r.root, 'versions');
      r.write(SHARED_LOCK, lock);
    },
    file: SHARED_LOCK,
    path: 'entries.component:ssm-agent.version',
    where: ['"version": "1.0.0"', 5, 11],
    message:
      /^shared\/component:ssm-agent is at 1\.0\.0, below 1\.0\.1, which it had at commit [0-9a-f]{12}: a version already deployed would collide with it$/,
    hint: /^run `npm run versions`/,
  },
  {
    name: 'a lock file that is a symbolic link (to a file outside the repository)',
    change: (r) => symlinkSync('/etc/hostname', r.remove(TEAM_LOCK).path(TEAM_LOCK)),
    file: TEAM_LOCK,
    path: '',
    where: null,
    message: /^a symbolic link: links are not followed$/,
    hint: /npm run versions/,
  },
  {
    name: 'a folder where a lock file belongs',
    change: (r) => r.remove(TEAM_LOCK).write(`${TEAM_LOCK}/x`, ''),
    file: TEAM_LOCK,
    path: '',
    where: null,
    message: /^a folder where a file is expected$/,
    hint: /npm run versions/,
  },
];
