/**
 * One folder per service (src/<service>, functions/<service>), and inside each the layers point inward:
 * domain <- application <- adapters, the service's container and config, its functions.
 * Services meet only through src/contracts (the published events) and src/shared (the kernel).
 * `npm run deps:check` fails on any arrow that breaks these rules (docs/architecture.md).
 *
 * In a `to` path, `$1` is what the `from` path's first group matched: the importing file's own service.
 */
const SERVICE = '^src/(?!shared/|contracts/)([^/]+)/';
const FUNCTIONS_OF_SERVICE = '^functions/(?!shared/)([^/]+)/';

module.exports = {
  forbidden: [
    // ── between services ─────────────────────────────────────────────────────────────────────────────
    {
      name: 'service-not-another-service',
      comment:
        'A service never imports another service: only its own folder, src/contracts and src/shared. ' +
        'order-service publishes OrderCreated; notification-service reads it through the contract.',
      severity: 'error',
      from: { path: SERVICE },
      to: { path: '^src/', pathNot: '^src/($1|contracts|shared)/' },
    },
    {
      name: 'functions-only-their-service',
      comment:
        "A service's functions use that service (its container and application) and functions/shared, " +
        'nothing of another service.',
      severity: 'error',
      from: { path: FUNCTIONS_OF_SERVICE },
      to: { path: '^(src|functions)/', pathNot: '^(src/($1|contracts|shared)|functions/($1|shared))/' },
    },
    {
      name: 'functions-shared-no-service',
      comment: 'What all functions share (middlewares, request and response helpers) knows no service.',
      severity: 'error',
      from: { path: '^functions/shared/' },
      to: { path: '^(src|functions)/', pathNot: '^(src/shared|functions/shared)/' },
    },
    {
      name: 'contracts-are-pure',
      comment:
        'A published contract is plain TypeScript and JSON that producer and consumers both import: ' +
        'it depends on no service, no package, only the shared domain kernel.',
      severity: 'error',
      from: { path: '^src/contracts/' },
      to: { pathNot: '^src/(contracts|shared/domain)/' },
    },
    {
      name: 'shared-no-service',
      comment: 'The shared kernel is below every service: it imports none of them, nor their contracts.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^(src|functions)/', pathNot: '^src/shared/' },
    },

    // ── layers inside a service ──────────────────────────────────────────────────────────────────────
    {
      name: 'domain-is-pure',
      comment:
        'The domain is plain TypeScript: its own service domain, the shared domain kernel and the ' +
        'contracts; no other layer, no SDK, no kafkajs, no Node built-ins with I/O.',
      severity: 'error',
      from: { path: '^src/([^/]+)/domain/' },
      to: { pathNot: '^src/($1/domain|shared/domain|contracts)/' },
    },
    {
      name: 'application-only-domain',
      comment:
        'Use cases and ports know the domain only: no adapters, no wiring, no clients, no vendor packages.',
      severity: 'error',
      from: { path: '^src/([^/]+)/application/' },
      to: {
        pathNot: '^src/($1/(domain|application)|shared/(domain|application)|contracts)/',
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'adapters-not-wiring',
      comment: "Adapters implement ports; only the service's <service>.container.ts picks and wires them.",
      severity: 'error',
      from: { path: '^src/[^/]+/adapters/' },
      to: { path: '^(src/[^/]+/[^/]+\\.container\\.ts$|functions/)' },
    },
    {
      name: 'functions-not-adapters',
      comment:
        'Handlers get their use cases from the container, never build adapters or SDK clients themselves.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^src/([^/]+/adapters|shared/(aws|kafka))/' },
    },
    {
      name: 'src-not-functions-or-scripts',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(functions|scripts|test|plugins)/' },
    },
    {
      name: 'plugins-self-contained',
      comment:
        'A plugin can be published on its own: it uses its own files and npm packages, nothing of the app.',
      severity: 'error',
      from: { path: '^plugins/' },
      to: { path: '^(src|functions|scripts|test)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(^|/)(node_modules|\\.local|\\.serverless|\\.esbuild|dist)/' },
  },
};
