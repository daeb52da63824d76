/** The bump rules: which change is major, minor or patch, and why. */
import { describe, expect, it } from 'vitest';
import { componentBump, nextVersion, recipeBump, type ComponentInterface, type RecipeShape } from '../../src/versioning/bump.js';

const COMPONENT: ComponentInterface = {
  parameters: [
    { name: 'channel', type: 'string', required: false },
    { name: 'region', type: 'string', required: true },
  ],
  phases: ['build', 'validate'],
};

const RECIPE: RecipeShape = {
  parentFamily: 'amazon-linux-2023-x86',
  platform: 'Linux',
  components: ['update-os-linux@1.0.0', 'ssm-agent@1.2.0', 'aws:simple-boot-test-linux@x.x.x'],
};

describe('component bumps', () => {
  it.each<[string, ComponentInterface, string, string]>([
    ['a removed parameter', { ...COMPONENT, parameters: [COMPONENT.parameters[1]!] }, 'major', 'parameter "channel" removed'],
    [
      'a renamed parameter',
      { ...COMPONENT, parameters: [{ ...COMPONENT.parameters[0]!, name: 'track' }, COMPONENT.parameters[1]!] },
      'major',
      'parameter "channel" removed',
    ],
    [
      'a parameter changing type',
      { ...COMPONENT, parameters: [{ ...COMPONENT.parameters[0]!, type: 'integer' }, COMPONENT.parameters[1]!] },
      'major',
      'parameter "channel" type string -> integer',
    ],
    [
      'a parameter without default added',
      { ...COMPONENT, parameters: [...COMPONENT.parameters, { name: 'proxy', type: 'string', required: true }] },
      'major',
      'parameter "proxy" added without a default',
    ],
    [
      'a parameter losing its default',
      { ...COMPONENT, parameters: [{ ...COMPONENT.parameters[0]!, required: true }, COMPONENT.parameters[1]!] },
      'major',
      'parameter "channel" lost its default',
    ],
    [
      'a parameter with default added',
      { ...COMPONENT, parameters: [...COMPONENT.parameters, { name: 'proxy', type: 'string', required: false }] },
      'minor',
      'parameter "proxy" added with a default',
    ],
    ['a phase added', { ...COMPONENT, phases: ['build', 'validate', 'test'] }, 'minor', 'phase "test" added'],
    ['content only', COMPONENT, 'patch', 'content changed'],
  ])('%s is %s', (_, next, kind, reason) => {
    const decision = componentBump(COMPONENT, next);
    expect(decision.kind).toBe(kind);
    expect(decision.reasons).toContain(reason);
  });
});

describe('recipe bumps', () => {
  it.each<[string, RecipeShape, string, string]>([
    [
      'another image family',
      { ...RECIPE, parentFamily: 'ubuntu-server-24-lts-x86' },
      'major',
      'parent image amazon-linux-2023-x86 -> ubuntu-server-24-lts-x86',
    ],
    ['another platform', { ...RECIPE, platform: 'Windows' }, 'major', 'platform Linux -> Windows'],
    [
      'an added component',
      { ...RECIPE, components: [...RECIPE.components, 'cloudwatch-agent@1.0.0'] },
      'minor',
      'component cloudwatch-agent added',
    ],
    ['a removed component', { ...RECIPE, components: RECIPE.components.slice(1) }, 'minor', 'component update-os-linux removed'],
    [
      'reordered components',
      { ...RECIPE, components: [RECIPE.components[1]!, RECIPE.components[0]!, RECIPE.components[2]!] },
      'minor',
      'components reordered',
    ],
    [
      'a component version bump',
      { ...RECIPE, components: [RECIPE.components[0]!, 'ssm-agent@1.3.0', RECIPE.components[2]!] },
      'patch',
      'component ssm-agent@1.2.0 -> 1.3.0',
    ],
    ['a parameter value or volume change', RECIPE, 'patch', 'other arguments changed (parameter values, volumes, description or AMI tags)'],
  ])('%s is %s', (_, next, kind, reason) => {
    const decision = recipeBump(RECIPE, next);
    expect(decision.kind).toBe(kind);
    expect(decision.reasons).toContain(reason);
  });
});

describe('nextVersion', () => {
  it('bumps semantic versions', () => {
    expect(nextVersion('1.2.3', 'patch')).toBe('1.2.4');
    expect(nextVersion('1.2.3', 'minor')).toBe('1.3.0');
    expect(nextVersion('1.2.3', 'major')).toBe('2.0.0');
  });

  it("refuses to pass Image Builder's limit of 1073741823 per number", () => {
    expect(nextVersion('1.0.1073741822', 'patch')).toBe('1.0.1073741823');
    expect(() => nextVersion('1.0.1073741823', 'patch')).toThrow(/limit of 1073741823/);
  });
});
