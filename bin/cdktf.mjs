// @ts-check
/**
 * The cdktf CLI with HashiCorp's checkpoint service off:
 *
 *   npm run cdktf -- diff <team>
 *
 * The CLI reports every command to checkpoint-api.hashicorp.com unless CHECKPOINT_DISABLE is set,
 * and without network prints "[ERROR] default - getaddrinfo ENOTFOUND checkpoint-api.hashicorp.com"
 * (the CLI reads the variable once, when it loads: @cdktf/commons src/environment.js). The
 * workflows set it for the whole run; this sets it for the CLI run here, then runs the CLI as
 * `npx cdktf` would.
 */
import { createRequire } from 'node:module';

process.env.CHECKPOINT_DISABLE ||= '1';
createRequire(import.meta.url)('cdktf-cli/bundle/bin/cdktf');
