/**
 * analytics-service as `npm run dev` runs it: `serverless offline` with the real serverless.yml, the Kafka
 * plugin feeding analytics and notify from the broker, each in its own consumer group. Two processes, one
 * running notify only and one analytics only, so analytics can start late and stop while notify goes on.
 * The topics, the groups and analytics' table are this run's own: the real ones belong to `npm run dev`.
 */

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Producer } from 'kafkajs';
import { replaceOnce, withOrderEventsTopic } from '../../scripts/infra/service-config';
import { readCapturedEmails } from '../../scripts/infra/captured-emails';
import { ROOT } from '../../scripts/infra/local';
import { localKafka } from '../../scripts/infra/provision';
import { consumerLag } from '../../scripts/lag';
import type { OrderCreatedEvent } from '../../src/contracts/order-created/order-created.event';
import { newOrderCreated } from '../unit/fakes/order-events';
import { startServiceOffline, type RunningProcess } from './support/offline';
import { createTableLike, deleteTables } from './support/tables';
import { createTopic, deleteTopics } from './support/topics';
import { eventually } from './support/wait';

const NOTIFY_PORTS = { http: 3600, lambda: 3602 };
const ANALYTICS_PORTS = { http: 3700, lambda: 3702 };
/** esbuild and offline start slowly on a busy 2-core machine. */
const START_TIMEOUT_MS = 180_000;

interface Isolated {
  topic: string;
  dlq: string;
  table: string;
  notifyGroup: string;
  analyticsGroup: string;
}

/**
 * serverless.yml on this run's topics, groups and analytics table, with only `only`'s Kafka event source
 * enabled and esbuild working in a folder of its own (two offline processes run side by side).
 */
function isolatedConfig(names: Isolated, only: 'notify' | 'analytics', workFolders: string[]): string {
  const id = randomUUID().slice(0, 8);
  const other = only === 'notify' ? 'analytics' : 'notify';
  // The topic, both groups (analytics' is `<notify's>-analytics`) and the mappings' settings, which sit
  // under ids made from the topic's name.
  let config = withOrderEventsTopic(
    fs.readFileSync(path.join(ROOT, 'serverless.yml'), 'utf8'),
    names.topic,
    names.notifyGroup,
  );
  config = replaceOnce(config, /(\n {4}orderEventsDlq:\n {6}name: )order-events\.dlq\n/, `$1${names.dlq}\n`);
  config = replaceOnce(
    config,
    /(\n {4}analytics: )\$\{self:service\}-\$\{sls:stage\}-analytics\n/,
    `$1${names.table}\n`,
  );
  config = replaceOnce(
    config,
    new RegExp(`(\\n( {10})consumerGroupId: \\$\\{self:custom\\.consumerGroups\\.${other}\\}\\n)`),
    '$1$2enabled: false\n',
  );
  const workFolder = `.esbuild/analytics-test-${id}`;
  workFolders.push(workFolder);
  config = replaceOnce(
    config,
    /(\n {4}outputWorkFolder: )\$\{param:esbuildWorkFolder\}\n/,
    `$1${workFolder}\n`,
  );
  const file = `serverless.test-analytics-${id}.yml`;
  fs.writeFileSync(path.join(ROOT, file), config);
  return file;
}

function orderCreated(day: string, totalAmount: string, currency: string, customerId: string) {
  return newOrderCreated(
    { customerId, totalAmount, currency, createdAt: `${day}T12:00:00.000Z` },
    'analytics-late',
  );
}
type OrderCreated = OrderCreatedEvent;

/** What the daily report must say for these events, counting each eventId once (computed in cents). */
function expectedTotals(events: OrderCreated[]) {
  const unique = new Map(events.map((e) => [e.eventId, e]));
  const totals = new Map<string, { currency: string; orders: number; cents: number }>();
  for (const e of unique.values()) {
    const t = totals.get(e.currency) ?? { currency: e.currency, orders: 0, cents: 0 };
    totals.set(e.currency, {
      ...t,
      orders: t.orders + 1,
      cents: t.cents + Number(e.totalAmount.replace('.', '')),
    });
  }
  return [...totals.values()]
    .sort((a, b) => a.currency.localeCompare(b.currency))
    .map(({ currency, orders, cents }) => ({
      currency,
      orders,
      revenue: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
    }));
}

describe('analytics-service next to notify, as npm run dev runs them', () => {
  const names = {} as Isolated;
  const configs: string[] = [];
  const workFolders: string[] = [];
  const running: RunningProcess[] = [];
  let producer: Producer;

  beforeAll(async () => {
    names.topic = await createTopic('order-events-analytics-late');
    names.dlq = await createTopic('order-events.dlq-analytics-late');
    names.table = await createTableLike('order-system-local-analytics', 'analytics-late');
    names.notifyGroup = names.topic;
    names.analyticsGroup = `${names.topic}-analytics`;
    producer = localKafka('analytics-late-producer').producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    for (const process of running) await process.stop();
    await producer.disconnect();
    for (const config of configs) fs.rmSync(path.join(ROOT, config), { force: true });
    for (const folder of workFolders) fs.rmSync(path.join(ROOT, folder), { recursive: true, force: true });
    await deleteTopics(names.topic, names.dlq);
    await deleteTables(names.table);
  });

  const publish = (events: OrderCreated[]) =>
    producer.send({
      topic: names.topic,
      acks: -1,
      messages: events.map((e) => ({ key: e.orderId, value: JSON.stringify(e) })),
    });

  async function lagOf(group: string): Promise<number> {
    const admin = localKafka('analytics-late-lag').admin();
    await admin.connect();
    try {
      return (await consumerLag(admin, names.topic, group)).groups[0]!.totalLag;
    } finally {
      await admin.disconnect();
    }
  }

  async function dailyTotals(from: string, to: string) {
    const response = await fetch(
      `http://localhost:${ANALYTICS_PORTS.http}/api/analytics/daily?from=${from}&to=${to}`,
    );
    return (await response.json()) as { totals: unknown[] };
  }

  async function emailCount(events: OrderCreated[]): Promise<number> {
    const recipients = new Set(events.map((e) => e.customerEmail));
    return (await readCapturedEmails()).filter((email) => email.to.some((to) => recipients.has(to))).length;
  }

  it('counts every order already on the topic when it first starts, and catches up after a stop while notify keeps emailing', async () => {
    const customerId = randomUUID();
    const before = [
      orderCreated('2026-05-01', '10.00', 'EUR', customerId),
      orderCreated('2026-05-01', '0.01', 'EUR', customerId),
      orderCreated('2026-05-02', '250.50', 'USD', customerId),
      orderCreated('2026-05-03', '19.99', 'EUR', randomUUID()),
    ];
    // Orders placed before analytics exists, one event published twice (a producer retry).
    await publish([...before, before[0]!]);

    const notifyConfig = isolatedConfig(names, 'notify', workFolders);
    const analyticsConfig = isolatedConfig(names, 'analytics', workFolders);
    configs.push(notifyConfig, analyticsConfig);
    const notify = startServiceOffline(notifyConfig, NOTIFY_PORTS);
    running.push(notify);
    // kafkajs reports the join before its run() resolves, so the plugin's summary line comes after it.
    await notify.waitFor(/notify joined group/, { timeoutMs: START_TIMEOUT_MS });
    await notify.waitFor(/kafka 1 event source started/, { timeoutMs: START_TIMEOUT_MS });
    await eventually(
      'an email for each order',
      async () => ((await emailCount(before)) === 4 ? true : undefined),
      {
        timeoutMs: 60_000,
      },
    );

    // Analytics starts for the first time: its group has no committed offset, TRIM_HORIZON reads from the start.
    let analytics = startServiceOffline(analyticsConfig, ANALYTICS_PORTS);
    running.push(analytics);
    await analytics.waitFor(/analytics joined group/, { timeoutMs: START_TIMEOUT_MS });
    // Its mapping as deployed: no batching window, from the start of the topic, in its own group.
    expect(analytics.output()).toMatch(
      new RegExp(
        `kafka analytics ← ${names.topic} .*group ${names.analyticsGroup}, batch 100, window 0 ms, TRIM_HORIZON`,
      ),
    );
    await eventually(
      'analytics to have read the whole topic',
      async () => ((await lagOf(names.analyticsGroup)) === 0 ? true : undefined),
      { timeoutMs: 60_000 },
    );
    expect((await dailyTotals('2026-05-01', '2026-05-31')).totals).toEqual(expectedTotals(before));

    // Analytics stops; orders go on, and notify emails them.
    expect(await analytics.stop()).toBe(0);
    const during = [
      orderCreated('2026-05-03', '1.00', 'EUR', customerId),
      orderCreated('2026-05-04', '2.00', 'USD', randomUUID()),
      orderCreated('2026-05-04', '3.00', 'EUR', randomUUID()),
    ];
    await publish(during);
    await eventually(
      'notify to email the orders placed while analytics is stopped',
      async () => ((await emailCount(during)) === 3 ? true : undefined),
      { timeoutMs: 60_000 },
    );
    await eventually('notify to commit them', async () =>
      (await lagOf(names.notifyGroup)) === 0 ? true : undefined,
    );
    expect(await lagOf(names.analyticsGroup)).toBe(3);

    // Started again, analytics resumes from its committed offsets and counts exactly the new ones.
    analytics = startServiceOffline(analyticsConfig, ANALYTICS_PORTS);
    running.push(analytics);
    await analytics.waitFor(/analytics joined group/, { timeoutMs: START_TIMEOUT_MS });
    await eventually(
      'analytics to catch up',
      async () => ((await lagOf(names.analyticsGroup)) === 0 ? true : undefined),
      { timeoutMs: 60_000 },
    );
    expect((await dailyTotals('2026-05-01', '2026-05-31')).totals).toEqual(
      expectedTotals([...before, ...during]),
    );
    const customer = await fetch(
      `http://localhost:${ANALYTICS_PORTS.http}/api/analytics/customers/${customerId}`,
    );
    expect(await customer.json()).toEqual({
      customerId,
      totals: [
        { currency: 'EUR', orders: 3, revenue: '11.01' },
        { currency: 'USD', orders: 1, revenue: '250.50' },
      ],
    });
    // One email per order, whatever analytics did.
    expect(await emailCount([...before, ...during])).toBe(7);
  }, 900_000);
});
