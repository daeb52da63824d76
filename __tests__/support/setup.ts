/**
 * Runs before each test file. Registers cdktf's Terraform matchers (toHaveResourceWithProperties, ...)
 * with vitest, and gives the next file in the same worker (vitest.config.ts: isolate is off) the
 * environment variables this file started with, whatever its tests or the code under test set.
 */
import { Testing } from 'cdktf';
import type { TerraformConstructor } from 'cdktf/lib/testing/matchers';
import { afterAll } from 'vitest';

Testing.setupJest();

const environmentAtStart = { ...process.env };
afterAll(() => {
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- deleting is how a variable leaves process.env (assigning undefined sets "undefined")
  for (const name of Object.keys(process.env)) if (!(name in environmentAtStart)) delete process.env[name];
  Object.assign(process.env, environmentAtStart);
});

interface TerraformMatchers<R = unknown> {
  toHaveResource(type: TerraformConstructor): R;
  toHaveResourceWithProperties(type: TerraformConstructor, properties: Record<string, unknown>): R;
  toHaveProviderWithProperties(type: TerraformConstructor, properties: Record<string, unknown>): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- module augmentation: only an interface merges into vitest's Matchers
  interface Matchers<T = any> extends TerraformMatchers<T> {}
}
