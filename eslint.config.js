// ESLint: typescript-eslint's strictest type-aware preset, with the few deliberate exceptions below, each
// with its reason. Formatting is Prettier's (`npm run format`); eslint-config-prettier turns off every rule
// that would fight it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** The Node.js globals the plain-JavaScript launchers in bin/ use (TypeScript files get theirs from @types/node). */
const NODE_GLOBALS = { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' };
/** What a CommonJS module (layers.cjs, .dependency-cruiser.cjs) has besides those. */
const COMMONJS_GLOBALS = { module: 'readonly', require: 'readonly', __dirname: 'readonly' };

export default tseslint.config(
  // What .gitignore lists as build output (ESLint does not read .gitignore; Prettier does).
  { ignores: ['cdktf.out/', '.cdktf.out-*/', 'cdktf.out.previous/', 'coverage/', '.gen/', '.build/', '.bootstrap/', '.terraform/'] },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // noUncheckedIndexedAccess (tsconfig) makes `match[1]!` the explicit, greppable claim that an index exists;
      // a guard in its place throws the same error with more code, and `?? ''` would hide the bug.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Numbers in messages ("line 12", "256 characters") are the house style; undefined, objects and any stay errors.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowAny: false, allowBoolean: false, allowNever: false, allowNullish: false, allowRegExp: false },
      ],
      // `afterEach(() => repo.dispose())` returns nothing by design; void statements in blocks stay checked.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // `const { kmsKeyId: _key, ...device } = args` is how a property is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // `[...text].length` counts code points on purpose: AWS and Terraform limits count code points, not graphemes.
      '@typescript-eslint/no-misused-spread': ['error', { allow: [{ from: 'lib', name: 'string' }] }],
    },
  },
  {
    files: ['__tests__/**/*.ts'],
    rules: {
      // Tests read synthesised Terraform JSON, parsed HCL and mocked SDK calls without a schema: the expect() that
      // follows is their type check, and a wrong path fails the test.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // The same JSON's values go into assertion messages and expected strings; undefined and objects stay errors.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowAny: true, allowBoolean: false, allowNever: false, allowNullish: false, allowRegExp: false },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: NODE_GLOBALS },
  },
  {
    files: ['**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { sourceType: 'commonjs', globals: { ...NODE_GLOBALS, ...COMMONJS_GLOBALS } },
    // require() is how a CommonJS module imports.
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
