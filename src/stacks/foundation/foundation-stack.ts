/**
 * One AWS account's foundation, one Terraform stack (`foundation-<account>`) with its own state
 * key: the parts the account plays (state, build, receiving) from the foundation model.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { literalData } from '../../core/terraform-text.js';
import { REQUIRED_TERRAFORM, type AssumedRole } from '../team-stack.js';
import { AccountRoles } from './account-roles.js';
import { adoptExistingRoles } from './adopted-roles.js';
import { FindingForwarders, FindingsBuses } from './finding-forwarding.js';
import type { Foundation, FoundationAccount } from '../../model/foundation/foundation.js';
import { foundationStackName, foundationStateKey } from '../../model/names.js';
import { foundationRoleArn } from '../../model/foundation/policy-document.js';
import { ReceivingAccount } from './receiving-account.js';
import { stateKeyAliasArn } from '../../model/foundation/state-key.js';
import { StateAccount } from './state-account.js';

/** Which role the provider assumes, and whether this is the bootstrap's local-state step. */
export interface FoundationStackOptions {
  /** `plan` assumes the account's plan role, anything else the foundation role. */
  role?: AssumedRole;
  /**
   * Bootstrap (first step): the state account's stack keeps its state in this local file instead
   * of the state bucket it is about to create. Absolute, outside cdktf.out (which synth replaces).
   */
  bootstrapStatePath?: string;
}

/** Tags on every foundation resource. */
export function foundationTags(account: FoundationAccount): Record<string, string> {
  return { ManagedBy: 'golden-ami-pipelines', Stack: foundationStackName(account.name) };
}

/** `foundation-<account>`: provider (pinned to the account), backend, and the account's parts. */
export class FoundationStack extends TerraformStack {
  constructor(scope: Construct, resolved: Foundation, accountName: string, options: FoundationStackOptions = {}) {
    super(scope, foundationStackName(accountName));
    // The one boundary where settings become Terraform: every string is made literal here.
    const f = literalData(resolved);
    const account = f.accounts.find((a) => a.name === accountName)!;
    const roleArn = options.role === 'plan' ? f.platform.planRole!.replace('{accountId}', account.id) : foundationRoleArn(f, account.id);
    new AwsProvider(this, 'aws', {
      region: f.platform.stateRegion,
      allowedAccountIds: [account.id],
      assumeRole: [{ roleArn, sessionName: `golden-ami-${foundationStackName(account.name)}`.slice(0, 64) }],
      defaultTags: [{ tags: foundationTags(account) }],
    });
    if (options.bootstrapStatePath && account.state) {
      new LocalBackend(this, { path: options.bootstrapStatePath });
    } else {
      const kmsKeyId = stateKeyAliasArn({ ...f.platform, foundation: f.settings });
      new S3Backend(this, {
        bucket: f.platform.stateBucket,
        key: foundationStateKey(account.name),
        region: f.platform.stateRegion,
        encrypt: true,
        kmsKeyId,
      });
      this.addOverride('terraform.backend.s3.use_lockfile', true);
    }
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM);

    if (account.state) new StateAccount(this, 'state', f);
    new AccountRoles(this, 'roles', f, account);
    if (account.receiving) new ReceivingAccount(this, 'receiving', f, account);
    if (account.findingsBuses) new FindingsBuses(this, 'findings-buses', f, account);
    if (account.findingForwarding) new FindingForwarders(this, 'finding-forwarding', f, account);
    adoptExistingRoles(this, f.settings.adoptRoles[account.name] ?? []);
  }
}
