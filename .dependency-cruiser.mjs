// Boundaries a tool enforces (docs/ARCHITECTURE.md): run by `npm run lint`.
// A module is a folder server/src/modules/<name>/; its index.ts is its only public surface.

const modules = '^server/src/modules/';
const anyModuleFile = `${modules}[^/]+/`;
const moduleIndex = `${modules}[^/]+/index\\.ts$`;
// Tests and fixtures outside the modules (server/test, e2e, bench, core's own tests) build
// and inspect state through module internals; they are not part of what ships.
const testCode = ['^server/test/', '^e2e/', '^bench/', '\\.test\\.ts$'];

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files may not import each other in a circle (type-only imports included).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'module-through-index',
      severity: 'error',
      comment: "A module reaches another module only through that module's index.ts (tests in a module too).",
      from: { path: `${modules}([^/]+)/` },
      to: { path: anyModuleFile, pathNot: [`${modules}$1/`, moduleIndex] },
    },
    {
      name: 'app-through-index',
      severity: 'error',
      comment:
        "Code outside the modules reaches a module only through its index.ts. db/schema.ts is drizzle-kit's list of every table.",
      from: { path: '^server/', pathNot: [anyModuleFile, '^server/src/db/schema\\.ts$', ...testCode] },
      to: { path: anyModuleFile, pathNot: moduleIndex },
    },
    {
      name: 'db-schema-not-a-back-door',
      severity: 'error',
      comment:
        "db/schema.ts lists every module's tables for drizzle-kit and for tests; shipped code reaches a table through its module's index.ts.",
      from: { path: '^server/src/', pathNot: testCode },
      to: { path: '^server/src/db/schema\\.ts$' },
    },
    {
      name: 'core-imports-no-module',
      severity: 'error',
      comment: 'server/src/core/ is what every module uses; it depends on none of them.',
      from: { path: '^server/src/core/', pathNot: testCode },
      to: { path: ['^server/src/modules/', '^server/src/(app|cli|main|worker)\\.ts$'] },
    },
    {
      name: 'web-not-server',
      severity: 'error',
      comment:
        'The web reaches the server over HTTP only; its API types are generated (npm run api:types). One exception: web/src/lib/totals.ts.',
      from: { path: '^web/', pathNot: '^web/src/lib/totals\\.ts$' },
      to: { path: '^server/' },
    },
    {
      name: 'web-totals-only-money',
      severity: 'error',
      comment:
        "web/src/lib/totals.ts re-exports core/money.ts (pure arithmetic) so an editor's live totals are the server's; nothing else of the server.",
      from: { path: '^web/src/lib/totals\\.ts$' },
      to: { path: '^server/', pathNot: '^server/src/core/money\\.ts$' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing fails at run time.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment: 'Code that ships may not import a package it does not declare as a runtime dependency.',
      from: { path: '^(server/src|web/src)/', pathNot: testCode },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment:
        'A package imported but declared in no package.json is there only by chance. e2e/ and bench/ drive the server and use its packages.',
      from: { pathNot: ['^e2e/', '^bench/'] },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'no-duplicate-dep-types',
      severity: 'warn',
      comment: 'A package declared both as a dependency and a devDependency.',
      from: {},
      to: { moreThanOneDependencyType: true, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // server/ and web/ are npm workspaces: their own package.json plus the root's devDependencies.
    combinedDependencies: true,
    exclude: { path: ['^web/dist/', '^server/src/migrations/', '^bench/tmp/'] },
    // Type-only imports are dependencies too: a boundary holds for types as well as values.
    tsPreCompilationDeps: true,
    // Imports name their .ts files (allowImportingTsExtensions); the tsconfig tells depcruise so.
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
