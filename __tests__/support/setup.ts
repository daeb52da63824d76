/** Registers cdktf's Terraform matchers (toHaveResourceWithProperties, ...) with vitest. */
import { Testing } from 'cdktf';
import type { TerraformConstructor } from 'cdktf/lib/testing/matchers';
import 'vitest';

Testing.setupJest();

interface TerraformMatchers<R = unknown> {
  toHaveResource(type: TerraformConstructor): R;
  toHaveResourceWithProperties(type: TerraformConstructor, properties: Record<string, unknown>): R;
  toHaveProviderWithProperties(type: TerraformConstructor, properties: Record<string, unknown>): R;
}

declare module 'vitest' {
  interface Matchers<T = any> extends TerraformMatchers<T> {}
}
