/** The foundation stacks of an app: one per account of the foundation model. */
import type { App } from 'cdktf';
import type { AssumedRole } from '../team-stack.js';
import type { Foundation } from '../../model/foundation/foundation.js';
import { FoundationStack } from './foundation-stack.js';

/** What the app needs to add the foundation stacks (plain data). */
export interface FoundationOptions {
  model: Foundation;
  /** Set for the first, local-state step of the bootstrap (see docs/platform.md, "Setting up the platform"). */
  bootstrapStatePath?: string;
}

/** Adds `foundation-<account>` for every account of the foundation. */
export function addFoundationStacks(app: App, { model, bootstrapStatePath }: FoundationOptions, role?: AssumedRole): void {
  for (const account of model.accounts) new FoundationStack(app, model, account.name, { role, bootstrapStatePath });
}
