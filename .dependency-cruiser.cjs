/**
 * Dependencies point inward: domain <- application <- adapters, infrastructure, functions.
 * `npm run deps:check` fails on any arrow that points the other way.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'The domain is plain TypeScript: no other layer, no SDK, no kafkajs, no Node built-ins with I/O.',
      severity: 'error',
      from: { path: '^src/domain' },
      to: {
        pathNot: '^src/domain',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'domain-no-outer-types',
      severity: 'error',
      from: { path: '^src/domain' },
      to: { path: '^(src/(application|adapters|infrastructure)|functions|node_modules)' },
    },
    {
      name: 'application-only-domain',
      comment:
        'Use cases and ports know the domain only: no adapters, no infrastructure, no vendor packages.',
      severity: 'error',
      from: { path: '^src/application' },
      to: { path: '^(src/(adapters|infrastructure)|functions|node_modules)' },
    },
    {
      name: 'adapters-not-wiring',
      comment: 'Adapters implement ports; only infrastructure/container.ts picks and wires them.',
      severity: 'error',
      from: { path: '^src/adapters' },
      to: { path: '^(src/infrastructure/container|functions)' },
    },
    {
      name: 'src-not-functions-or-scripts',
      severity: 'error',
      from: { path: '^src' },
      to: { path: '^(functions|scripts|test|plugins)' },
    },
    {
      name: 'functions-not-adapters',
      comment: 'Handlers get their use cases from the container, never build adapters themselves.',
      severity: 'error',
      from: { path: '^functions' },
      to: { path: '^src/adapters' },
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
      name: 'product-not-console',
      comment:
        'The console is a local tool that reads what the system wrote; the system never depends on it.',
      severity: 'error',
      from: { path: '^(src|functions)/' },
      to: { path: '^console/' },
    },
    {
      name: 'console-page-browser-only',
      comment: 'The page runs in a browser: it shares only the API types with the server.',
      severity: 'error',
      from: { path: '^console/web/' },
      to: { pathNot: '^console/(web/|api\\.ts$)' },
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
    exclude: { path: '(^|/)(node_modules|\\.local|\\.serverless|\\.esbuild)/' },
  },
};
