/**
 * Adopting roles an organisation's account baseline already created (the
 * EC2ImageBuilderDistributionCrossAccountRole of every account): `npm run platform --
 * import-existing` records them in foundation.adoptRoles, and every synth writes a Terraform import
 * block for each, in JSON and HCL, from the settings alone.
 */
import { consolePrinter } from '../src/core/output.js';
import { parse } from '@cdktf/hcl2json';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { importExisting } from '../src/commands/import-existing.js';
import { foundationStackProblems } from '../src/synthesis/foundation.js';
import { renderHcl } from '../src/synthesis/hcl.js';
import { foundationModel, stackNamed, synthesizeFoundation } from './support/foundation.js';
import { FixtureRepo } from './support/fixture.js';

const ROLE = 'EC2ImageBuilderDistributionCrossAccountRole';
const PROD = 'foundation-collections-prod';

describe('adopting existing foundation roles', () => {
  let repo: FixtureRepo;
  beforeEach(() => {
    repo = new FixtureRepo();
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    repo.dispose();
    vi.restoreAllMocks();
  });
  const stacks = () => {
    const foundation = foundationModel(repo.fleet());
    return { foundation, stacks: synthesizeFoundation(foundation) };
  };

  it("import-existing records the role, and synth writes one import block for it in that account's stack only, the same every time", () => {
    expect(importExisting(repo.root, 'collections-prod', [ROLE], consolePrinter)).toBe(0);
    expect(JSON.parse(repo.read('cdktf.json')).context.platform.foundation.adoptRoles).toEqual({ 'collections-prod': [ROLE] });
    // Again: nothing changes.
    const text = repo.read('cdktf.json');
    expect(importExisting(repo.root, 'collections-prod', [ROLE], consolePrinter)).toBe(0);
    expect(repo.read('cdktf.json')).toBe(text);

    const first = stacks().stacks;
    const prod = stackNamed(first, PROD).json as any;
    const [roleId] = Object.entries(prod.resource.aws_iam_role as Record<string, { name: string }>).find(([, role]) => role.name === ROLE)!;
    expect(prod.import).toEqual([{ id: ROLE, to: `aws_iam_role.${roleId}` }]);
    expect(prod.terraform.required_version).toBe('>= 1.11.0');
    for (const other of first.filter((stack) => stack.name !== PROD)) expect((other.json as any).import, other.name).toBeUndefined();
    expect(stackNamed(stacks().stacks, PROD).json).toEqual(prod);
  });

  it('the HCL review copy writes the import block, as Terraform reads it back', async () => {
    importExisting(repo.root, 'collections-prod', [ROLE], consolePrinter);
    const prod = stackNamed(stacks().stacks, PROD).json as any;
    const [roleId] = Object.entries(prod.resource.aws_iam_role as Record<string, { name: string }>).find(([, role]) => role.name === ROLE)!;
    const hcl = renderHcl(prod);
    expect(hcl).toContain(`import {\n  id = "${ROLE}"\n  to = aws_iam_role.${roleId}\n}`);
    expect(((await parse('cdk.tf', hcl)) as any).import).toEqual([{ to: `\${aws_iam_role.${roleId}}`, id: ROLE }]);
  });

  it("a role the account's stack does not create is an error at its settings line, naming the roles it does create", () => {
    importExisting(repo.root, 'collections-prod', ['BaselineAuditRole'], consolePrinter);
    const { foundation, stacks: synthesized } = stacks();
    const problems = foundationStackProblems(synthesized, { model: foundation }, repo.root);
    expect(problems).toEqual([
      {
        severity: 'error',
        file: 'cdktf.json',
        path: 'context.platform.foundation.adoptRoles.collections-prod[0]',
        line:
          repo
            .read('cdktf.json')
            .split('\n')
            .findIndex((line) => line.includes('"BaselineAuditRole"')) + 1,
        column: expect.any(Number),
        message: 'the foundation stack of collections-prod creates no role "BaselineAuditRole", so there is nothing to adopt',
        hint: expect.stringMatching(/^adopt one of the roles it creates: .*EC2ImageBuilderDistributionCrossAccountRole/),
      },
    ]);
  });

  it('refuses an account the directory lacks, and writes nothing', () => {
    const before = repo.read('cdktf.json');
    expect(importExisting(repo.root, 'collections-prd', [ROLE], consolePrinter)).toBe(1);
    expect(console.error).toHaveBeenCalledWith(
      expect.stringMatching(/^no account "collections-prd" in "accounts" of cdktf\.json \(accounts: image-factory, /),
    );
    expect(repo.read('cdktf.json')).toBe(before);
  });
});
