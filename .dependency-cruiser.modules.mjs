// Module-level cycles: modules/a → modules/b → modules/a, whichever files carry it.
// A second pass, without test code: a test file is nobody's dependency, yet in a folder graph
// its imports (core/*.test.ts → server/test → a module) would close false circles.
import base from './.dependency-cruiser.mjs';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-module-cycle',
      severity: 'error',
      comment: 'Modules may not depend on each other in a circle.',
      scope: 'folder',
      from: { path: '^server/src/modules/[^/]+$' },
      to: { path: '^server/src/modules/[^/]+$', circular: true },
    },
  ],
  options: {
    ...base.options,
    exclude: { path: [...base.options.exclude.path, '^server/test/', '\\.test\\.ts$'] },
  },
};
