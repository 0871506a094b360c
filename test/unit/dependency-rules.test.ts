/**
 * The rules of .dependency-cruiser.cjs run on a small tree of their own: `npm run deps:check` passing on
 * the real code proves nothing unless the rules do fire on an import that breaks them.
 */

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** Each file imports the files listed after it. */
const tree: Record<string, string[]> = {
  'src/shared/domain/domain-error.ts': [],
  'src/shared/aws/dynamodb-client.ts': [],
  'src/contracts/order-created/order-created.event.ts': ['src/shared/domain/domain-error'],
  'src/orders/domain/order.entity.ts': ['src/shared/domain/domain-error'],
  'src/orders/application/use-cases/create-order.use-case.ts': [
    'src/orders/domain/order.entity',
    'src/contracts/order-created/order-created.event',
  ],
  'src/orders/adapters/dynamodb/dynamodb-order.repository.ts': ['src/orders/domain/order.entity'],
  'src/orders/orders.container.ts': [
    'src/orders/adapters/dynamodb/dynamodb-order.repository',
    'src/orders/application/use-cases/create-order.use-case',
    'src/shared/aws/dynamodb-client',
  ],
  'src/notifications/domain/notification.entity.ts': [],
  'src/notifications/application/use-cases/process-order-event.use-case.ts': [
    'src/contracts/order-created/order-created.event',
    // Breaks the rule: notification-service reaching into order-service instead of the contract.
    'src/orders/domain/order.entity',
  ],
  // Breaks the layer rule: the domain knows an adapter.
  'src/notifications/domain/notification.errors.ts': [
    'src/orders/adapters/dynamodb/dynamodb-order.repository',
  ],
  'src/notifications/notifications.container.ts': [
    'src/notifications/application/use-cases/process-order-event.use-case',
  ],
  'functions/shared/http/responses.ts': [],
  'functions/orders/create-order.ts': ['src/orders/orders.container', 'functions/shared/http/responses'],
  // Breaks the rule: a notification function wired to order-service's container.
  'functions/notifications/order-events.ts': ['src/orders/orders.container'],
  // A consumer added later and order-service stay strangers both ways: each breaks the rule once.
  'src/analytics/domain/order-fact.ts': ['src/contracts/order-created/order-created.event'],
  'src/analytics/application/use-cases/record-order.use-case.ts': [
    'src/analytics/domain/order-fact',
    'src/orders/domain/order.entity',
  ],
  'src/analytics/analytics.container.ts': [
    'src/analytics/application/use-cases/record-order.use-case',
    'src/shared/aws/dynamodb-client',
  ],
  'src/orders/application/ports/order-event.publisher.port.ts': ['src/analytics/domain/order-fact'],
  'functions/analytics/order-events.ts': ['src/analytics/analytics.container'],
  'functions/orders/get-order.ts': ['src/analytics/analytics.container'],
};

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

let violations: Violation[];

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'order-system-deps-'));
  try {
    for (const [file, imports] of Object.entries(tree)) {
      const code = imports.map((target, i) => {
        const relative = path.relative(path.dirname(file), target);
        return `import * as m${i} from '${relative.startsWith('.') ? relative : `./${relative}`}';\nvoid m${i};\n`;
      });
      fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), `${code.join('')}export const name = '${file}';\n`);
    }
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'commonjs', strict: true },
        include: ['src', 'functions'],
      }),
    );
    const run = spawnSync(
      process.execPath,
      [
        CLI,
        'src',
        'functions',
        '--config',
        path.join(ROOT, '.dependency-cruiser.cjs'),
        '--output-type',
        'json',
      ],
      { cwd: dir, encoding: 'utf8', timeout: 60_000 },
    );
    const output = JSON.parse(run.stdout) as { summary: { violations: Violation[] } };
    violations = output.summary.violations;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const brokenBy = (from: string) =>
  violations.filter((violation) => violation.from === from).map(({ to, rule }) => ({ to, rule: rule.name }));

describe('the dependency rules', () => {
  it('reject a service importing another service instead of the contract', () => {
    expect(
      brokenBy('src/notifications/application/use-cases/process-order-event.use-case.ts'),
    ).toContainEqual({
      to: 'src/orders/domain/order.entity.ts',
      rule: 'service-not-another-service',
    });
  });

  it("reject a function using another service's container", () => {
    expect(brokenBy('functions/notifications/order-events.ts')).toEqual([
      { to: 'src/orders/orders.container.ts', rule: 'functions-only-their-service' },
    ]);
  });

  it('reject a domain that knows an adapter, even across services, under both rules', () => {
    expect(
      brokenBy('src/notifications/domain/notification.errors.ts')
        .map(({ rule }) => rule)
        .sort(),
    ).toEqual(['domain-is-pure', 'service-not-another-service']);
  });

  it('keep order-service and analytics-service apart in both directions', () => {
    expect(brokenBy('src/analytics/application/use-cases/record-order.use-case.ts')).toContainEqual({
      to: 'src/orders/domain/order.entity.ts',
      rule: 'service-not-another-service',
    });
    expect(brokenBy('src/orders/application/ports/order-event.publisher.port.ts')).toContainEqual({
      to: 'src/analytics/domain/order-fact.ts',
      rule: 'service-not-another-service',
    });
    expect(brokenBy('functions/orders/get-order.ts')).toEqual([
      { to: 'src/analytics/analytics.container.ts', rule: 'functions-only-their-service' },
    ]);
  });

  it('accept imports of the own service, the contracts and the shared kernel', () => {
    const broken = new Set(violations.map((violation) => violation.from));

    expect(Object.keys(tree).filter((file) => broken.has(file))).toEqual([
      'src/notifications/application/use-cases/process-order-event.use-case.ts',
      'src/notifications/domain/notification.errors.ts',
      'functions/notifications/order-events.ts',
      'src/analytics/application/use-cases/record-order.use-case.ts',
      'src/orders/application/ports/order-event.publisher.port.ts',
      'functions/orders/get-order.ts',
    ]);
  });
});
