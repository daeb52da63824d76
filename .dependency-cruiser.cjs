/**
 * dependency-cruiser's rules for this project: the layer order of layers.cjs, cdktf only in
 * src/stacks, no cycles, no orphans. `npm run lint:layers` reports breaches, and
 * __tests__/layers.test.ts fails on them. docs/layers.md explains the rules.
 */
const { LAYERS, CDKTF_FOLDER, CDKTF_PACKAGES } = require('./layers.cjs');

/** One rule per folder: it may not import a folder of a higher level, nor one beside it on its own level. */
const layerRules = LAYERS.flatMap((level, index) =>
  level.flatMap((folder) => {
    const forbidden = [...level.filter((peer) => peer !== folder), ...LAYERS.slice(index + 1).flat()];
    const allowed = [...LAYERS.slice(0, index).flat(), folder];
    if (!forbidden.length) return [];
    return [
      {
        name: `layer-${folder}`,
        comment: `src/${folder} may import only ${allowed.map((name) => `src/${name}`).join(', ')} (docs/layers.md)`,
        severity: 'error',
        from: { path: `^src/${folder}/` },
        to: { path: `^src/(${forbidden.join('|')})/` },
      },
    ];
  }),
);

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'src-outside-layers',
      comment: 'src/ is the app: it imports neither the benchmark, the tests nor the cdktf entry main.ts',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(bench/|__tests__/|main\\.ts$)' },
    },
    {
      name: 'cdktf-only-in-stacks',
      comment: `only src/${CDKTF_FOLDER} imports ${CDKTF_PACKAGES.join(', ')}: everything before synthesis is plain data and pure functions (docs/layers.md)`,
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/${CDKTF_FOLDER}/` },
      to: { path: `(^|/)node_modules/(${CDKTF_PACKAGES.join('|')})/` },
    },
    {
      name: 'no-circular',
      comment: 'a cycle makes two modules one: split out what both need into a lower module',
      severity: 'error',
      from: { path: '^(src|bench)/' },
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'a module nothing imports and that imports nothing is dead code or a forgotten entry point',
      severity: 'error',
      from: { orphan: true, path: '^(src|bench)/', pathNot: '\\.(d\\.ts|json)$' },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: an upward `import type` ties the layers as much as any other.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
