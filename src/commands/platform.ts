/** `npm run platform -- <init|foundation-role|record-keys|import-existing>`: the platform team's own setup commands. */
import { subcommands } from './command.js';
import { foundationRoleCommand } from './foundation-role.js';
import { importExistingCommand } from './import-existing.js';
import { initCommand } from './platform-init.js';
import { recordKeysCommand } from './record-keys.js';

/** `npm run platform -- <subcommand>`. */
export const platform = subcommands(
  'platform',
  "The platform team's setup: write the platform settings for an organisation (init), the role the foundation runs as (foundation-role), record what the foundation's first deploy created (record-keys), adopt roles an account already has (import-existing).",
  [initCommand, foundationRoleCommand, recordKeysCommand, importExistingCommand],
);
