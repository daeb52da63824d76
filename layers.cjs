/**
 * The layers of src/, bottom to top: the one definition of their order. A module may import from
 * its own folder and from the folders of lower levels only; folders on the same level (operations
 * and workflows) may not import each other. .dependency-cruiser.cjs turns this into rules,
 * __tests__/layers.test.ts checks src/ against it, and docs/layers.md explains it.
 */

/** Each level's folders under src/, lowest level first. */
const LAYERS = [
  ['core'],
  ['config'],
  ['components'],
  ['model'],
  ['versioning'],
  ['checks'],
  ['stacks'],
  ['synthesis'],
  ['operations', 'workflows'],
  ['commands'],
];

/** The only folder whose code may import cdktf, the AWS provider bindings and constructs. */
const CDKTF_FOLDER = 'stacks';

/** The npm packages of cdktf: the framework, its provider bindings and the construct tree. */
const CDKTF_PACKAGES = ['cdktf', '@cdktf/[^/]+', 'constructs'];

module.exports = { LAYERS, CDKTF_FOLDER, CDKTF_PACKAGES };
