import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Admin } from 'kafkajs';
import { parseOptions, runMain } from '../command-line';
import { ministackPid } from '../infra/aws-emulator';
import { readCapturedEmails } from '../infra/captured-emails';
import { kafkaPids } from '../infra/kafka-broker';
import { AWS_ENDPOINT_URL, LOCAL, ROOT } from '../infra/local';
import { down, up } from '../infra/manager';
import { localKafka, provision } from '../infra/provision';
import { loadTopology, resolvedServerlessConfig, type Topology } from '../infra/topology';
import { consumerLag } from '../lag';
import { capacity, cpuTimes, spent, type Processes } from './cpu';
import { registerCustomers } from './customers';
import { reconcile } from './emails';
import { placeOrders, type Customer } from './load';
import { startMailDelayProxy } from './mail-delay-proxy';
import {
  accepted,
  cpuTable,
  ratioTable,
  stageTable,
  statusTable,
  summaryTable,
  writeReport,
  type Phase,
} from './report';
import { memorySampler, startOffline, writeBenchConfig, type OfflineProcess } from './system';

/** The single local broker's process (the benchmark runs on the single node, as the tests do). */
const singleKafkaPid = (): number | undefined => kafkaPids().values().next().value;

/**
 * `npm run bench [-- --quick] [-- --api http://localhost:3000]`: places orders at concurrency 1, 10 and 50
 * against the event-driven system and against the synchronous "before" (bench/sync-baseline), with the mail
 * provider answering at once and 200 ms late, then with notification-service down; prints a summary and
 * writes a Markdown report with SVG charts to bench-results/<time>/.
 *
 * By default it starts its own system (serverless offline on 4100/4102, a topic and consumer group of its
 * own, so neither a running `npm run dev` nor old records mix with what is measured). With `--api` it
 * measures a running system instead (e.g. `npm run dev`); it cannot take that one's notification-service
 * down, so that phase is then measured for the synchronous variant only.
 */
const PORTS = {
  async: { http: 4100, lambda: 4102 },
  syncOrders: { http: 4200, lambda: 4202 },
  syncNotifications: { http: 4300, lambda: 4302 },
};
const CONCURRENCY = [1, 10, 50] as const;
const MAIL_DELAYS_MS = [0, 200] as const;
const FULL = {
  customers: 200,
  async: { 1: 100, 10: 300, 50: 1000 },
  sync: { 1: 50, 10: 150, 50: 300 },
  down: 50,
};
const QUICK = {
  customers: 40,
  async: { 1: 20, 10: 60, 50: 150 },
  sync: { 1: 10, 10: 30, 50: 100 },
  down: 20,
};
/** How long the emails of a burst may take to be captured once its last order was answered. */
const DRAIN_TIMEOUT_MS = 180_000;
const OFFLINE_READY = /kafka (\d+ event sources? started|no msk or kafka events)/;
const SYNC_BASELINE = path.join(ROOT, 'bench', 'sync-baseline');

const log = (line: string) => console.log(`[bench] ${line}`);

async function main(args: string[]): Promise<number> {
  const startedAt = new Date();
  const options = parseOptions(args, { quick: { type: 'boolean' }, api: { type: 'string' } });
  const sizes = options.quick ? QUICK : FULL;
  const external = options.api;
  const run = randomUUID().slice(0, 8);
  const out = path.join(ROOT, 'bench-results', startedAt.toISOString().replace(/[:.]/g, '-').slice(0, 19));
  fs.mkdirSync(out, { recursive: true });
  const cleanup = new Cleanup();
  process.once('SIGINT', () => {
    log('SIGINT: stopping what the benchmark started');
    void cleanup.run().then(() => process.exit(130));
  });

  try {
    log('bringing up the local infrastructure (whatever already runs is reused)');
    const { started } = await up(log);
    cleanup.add(() => down({ only: started, log }));
    const admin = localKafka('order-system-bench').admin();
    await admin.connect();
    cleanup.add(() => admin.disconnect());
    const proxy = await startMailDelayProxy(AWS_ENDPOINT_URL);
    cleanup.add(() => proxy.close());

    const configured = resolvedServerlessConfig(LOCAL.stage) as {
      custom: { topics: { orderEvents: { name: string } }; consumerGroups: { notify: string } };
    };
    const system = external
      ? {
          api: external,
          topic: configured.custom.topics.orderEvents.name,
          group: configured.custom.consumerGroups.notify,
        }
      : {
          api: `http://localhost:${PORTS.async.http}`,
          topic: `bench-order-events-${run}`,
          group: `bench-${run}`,
        };
    const notes: string[] = [];
    let asyncSystem: OfflineProcess | undefined;
    const startAsync = async (notify: boolean) => {
      const config = writeBenchConfig({
        run,
        topic: system.topic,
        group: system.group,
        notify,
        httpPort: PORTS.async.http,
      });
      cleanup.add(async () => fs.rmSync(path.join(ROOT, config), { force: true }));
      asyncSystem = await startOffline({
        name: notify ? 'the event-driven system' : 'the event-driven system without notification-service',
        cwd: ROOT,
        config,
        httpPort: PORTS.async.http,
        lambdaPort: PORTS.async.lambda,
        ready: OFFLINE_READY,
        logFile: path.join(out, 'offline-async.log'),
      });
      cleanup.add(() => asyncSystem?.stop());
    };
    const topology = loadTopology(LOCAL.stage);
    const baselineTables = await provisionBaselineTables(topology);
    const startSync = (name: 'orders' | 'notifications') =>
      startOffline({
        name: `the synchronous baseline's ${name}`,
        cwd: SYNC_BASELINE,
        httpPort: PORTS[name === 'orders' ? 'syncOrders' : 'syncNotifications'].http,
        lambdaPort: PORTS[name === 'orders' ? 'syncOrders' : 'syncNotifications'].lambda,
        env: {
          USER_SERVICE_URL: system.api,
          NOTIFICATION_SERVICE_URL: `http://localhost:${PORTS.syncNotifications.http}`,
          MAIL_ENDPOINT_URL: proxy.url,
          SES_SENDER: topology.sesSender,
          SYNC_ORDERS_TABLE: baselineTables.orders,
          SYNC_NOTIFICATIONS_TABLE: baselineTables.notifications,
          SYNC_BASELINE_BUILD: `../../.local/bench/sync-baseline-${name}`,
        },
        ready: /Server ready/,
        logFile: path.join(out, `offline-sync-${name}.log`),
      });

    if (external) {
      log(`measuring the running system at ${external} (topic ${system.topic}, group ${system.group})`);
      notes.push(`The event-driven system was the one already running at ${external}.`);
    } else {
      await admin.createTopics({ topics: [{ topic: system.topic, numPartitions: 3 }], waitForLeaders: true });
      cleanup.add(() => admin.deleteTopics({ topics: [system.topic] }).catch(() => undefined));
      log(`starting the event-driven system on :${PORTS.async.http} (topic ${system.topic})`);
    }
    log('starting the synchronous baseline on :4200 (orders) and :4300 (notifications)');
    // All three start at once; whichever started is stopped at the end even when another failed.
    const starting = await Promise.allSettled([
      external ? Promise.resolve(undefined) : startAsync(true),
      startSync('orders'),
      startSync('notifications'),
    ]);
    for (const result of starting.slice(1))
      if (result.status === 'fulfilled') cleanup.add(() => (result.value as OfflineProcess).stop());
    const failed = starting.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const [syncOrders, syncNotifications] = starting
      .slice(1)
      .map((result) => (result as PromiseFulfilledResult<OfflineProcess>).value) as [
      OfflineProcess,
      OfflineProcess,
    ];

    log(`registering ${sizes.customers} customers`);
    const customers = await registerCustomers(system.api, sizes.customers);
    log('warming up each variant, 1 then 2 then 4 orders at a time (not reported)');
    await warmUp(system.api, '/api/orders', customers);
    await warmUp(syncOrders.api, '/sync/orders', customers);

    const phases: Phase[] = [];
    const measureAsync = async (concurrency: number, count: number) => {
      log(`event-driven, concurrency ${concurrency}: ${count} orders`);
      const memory = memorySampler(() => asyncSystem);
      const processes = { offline: asyncSystem?.pid, emulator: ministackPid(), Kafka: singleKafkaPid() };
      const cpuBefore = cpuTimes(processes);
      const load = await placeOrders({
        ...target(system.api, '/api/orders'),
        customers,
        concurrency,
        count,
        label: `async ×${concurrency}`,
      });
      await waitForLag(admin, system.topic, system.group);
      memory.stop();
      const phase: Phase = {
        variant: 'async',
        label: 'async',
        concurrency,
        mailDelayMs: 0,
        load,
        rssPeakMb: memory.peakMb(),
        rss: memory.points,
      };
      attachCpu(phase, spent(cpuBefore, cpuTimes(processes)), ['emulator', 'offline main thread']);
      await attachDelivery(phase);
      phases.push(phase);
      log(oneLine(phase));
    };
    const measureSync = async (concurrency: number, count: number, mailDelayMs: number) => {
      log(`synchronous, mail +${mailDelayMs} ms, concurrency ${concurrency}: ${count} orders`);
      proxy.setDelay(mailDelayMs);
      const processes: Processes = {
        'offline (orders)': syncOrders.pid,
        'offline (notifications)': syncNotifications.pid,
        'offline (user-service)': asyncSystem?.pid,
        emulator: ministackPid(),
      };
      const cpuBefore = cpuTimes(processes);
      const load = await placeOrders({
        ...target(syncOrders.api, '/sync/orders'),
        customers,
        concurrency,
        count,
        label: `sync +${mailDelayMs} ×${concurrency}`,
      });
      const phase: Phase = {
        variant: 'sync',
        label: `sync, mail +${mailDelayMs} ms`,
        concurrency,
        mailDelayMs,
        load,
      };
      attachCpu(phase, spent(cpuBefore, cpuTimes(processes)), [
        'emulator',
        'offline (orders) main thread',
        'offline (notifications) main thread',
        'offline (user-service) main thread',
      ]);
      await attachDelivery(phase);
      phases.push(phase);
      log(oneLine(phase));
    };

    for (const concurrency of CONCURRENCY) await measureAsync(concurrency, sizes.async[concurrency]);
    for (const mailDelayMs of MAIL_DELAYS_MS)
      for (const concurrency of CONCURRENCY)
        await measureSync(concurrency, sizes.sync[concurrency], mailDelayMs);
    proxy.setDelay(0);

    log('notification-service down: the synchronous variant');
    await syncNotifications.stop();
    const syncDown = await placeOrders({
      ...target(syncOrders.api, '/sync/orders'),
      customers,
      concurrency: 10,
      count: sizes.down,
      label: 'sync, notifications down',
    });
    phases.push({
      variant: 'sync',
      label: 'sync, notification down',
      concurrency: 10,
      mailDelayMs: 0,
      load: syncDown,
      notificationDown: true,
    });
    log(oneLine(phases[phases.length - 1]!));

    if (!external) {
      log('notification-service down: the event-driven variant (restarting without it)');
      await asyncSystem!.stop();
      await startAsync(false);
      await warmUp(system.api, '/api/orders', customers);
      const load = await placeOrders({
        ...target(system.api, '/api/orders'),
        customers,
        concurrency: 10,
        count: sizes.down,
        label: 'async, notifications down',
      });
      await asyncSystem!.stop();
      log('notification-service back: restarting with it, waiting for the emails owed');
      const restartedAt = Date.now();
      await startAsync(true);
      await waitForLag(admin, system.topic, system.group);
      const phase: Phase = {
        variant: 'async',
        label: 'async, notification down',
        concurrency: 10,
        mailDelayMs: 0,
        load,
        notificationDown: true,
      };
      await attachDelivery(phase);
      notes.push(
        `Notification-service down, event-driven: the emails owed were all captured ${Math.round((Date.now() - restartedAt) / 1000)} s after it was started again (including serverless offline's start).`,
      );
      phases.push(phase);
      log(oneLine(phase));
    } else {
      notes.push('Notification-service down was measured for the synchronous variant only (--api).');
    }

    const report = writeReport(out, phases, {
      startedAt,
      finishedAt: new Date(),
      api: system.api,
      system: external ? 'a running system' : 'serverless offline started by the benchmark',
      notes,
    });
    console.log(
      [
        '',
        summaryTable(phases),
        '',
        statusTable(phases),
        '',
        stageTable(phases, 'async') ?? '(no stage timings)',
        '',
        stageTable(phases, 'sync') ?? '',
        '',
        ratioTable(phases),
        '',
        cpuTable(phases) ?? '',
        '',
        `Report: ${path.relative(process.cwd(), report)}`,
      ].join('\n'),
    );
    return 0;
  } finally {
    await cleanup.run();
  }
}

/**
 * The baseline's own tables, made like the system's orders and notifications tables: what it stores never
 * mixes with the system's orders (nothing there is owed to the event bus).
 */
async function provisionBaselineTables(
  topology: Topology,
): Promise<{ orders: string; notifications: string }> {
  const like = (suffix: string) => {
    const table = topology.tables.find((t) => t.TableName?.endsWith(`-${suffix}`));
    if (!table) throw new Error(`serverless.yml has no table named …-${suffix}`);
    return {
      ...table,
      TableName: table.TableName!.replace(new RegExp(`-${suffix}$`), `-sync-baseline-${suffix}`),
    };
  };
  const tables = [like('orders'), like('notifications')];
  await provision({ topics: [], tables, timeToLive: [], sesSender: topology.sesSender }, log);
  return { orders: tables[0]!.TableName!, notifications: tables[1]!.TableName! };
}

function target(api: string, path: string) {
  return { api, path };
}

/**
 * Orders at a growing concurrency, so that each function's environments start a few at a time: the pool
 * then holds warm environments when measuring starts (cold starts are not the steady path).
 */
async function warmUp(api: string, path: string, customers: Customer[]): Promise<void> {
  for (const concurrency of [1, 2, 4])
    await placeOrders({ api, path, customers, concurrency, count: 4 * concurrency, label: 'warm-up' });
}

/** Waits until the consumer group has committed everything on the topic: every email was then sent. */
async function waitForLag(admin: Admin, topic: string, group: string): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  for (;;) {
    const { groups } = await consumerLag(admin, topic, group);
    if (groups[0] && groups[0].totalLag === 0) return;
    if (Date.now() > deadline) {
      log(
        `${group} still has a lag of ${groups[0]?.totalLag ?? '?'} after ${DRAIN_TIMEOUT_MS / 1000} s: counting what arrived`,
      );
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function attachDelivery(phase: Phase): Promise<void> {
  const orders = accepted(phase).map((sample) => ({ orderId: sample.orderId!, sentAt: sample.sentAt }));
  if (orders.length === 0) return;
  phase.delivery = reconcile(orders, await readCapturedEmails());
  const first = Math.min(...phase.load.samples.map((sample) => sample.sentAt));
  if (phase.delivery.lastCapturedAt !== undefined)
    phase.lastEmailAfterMs = phase.delivery.lastCapturedAt - first;
}

/** CPU per accepted order, and the orders per second two idle cores could carry at that cost. */
function attachCpu(phase: Phase, cpuMs: Record<string, number>, singleThreaded: string[]): void {
  const orders = accepted(phase).length;
  if (orders === 0 || Object.keys(cpuMs).length === 0) return;
  phase.cpuPerOrderMs = Object.fromEntries(Object.entries(cpuMs).map(([name, ms]) => [name, ms / orders]));
  phase.capacityOn2Cores = capacity(phase.cpuPerOrderMs, 2, singleThreaded);
}

function oneLine(phase: Phase): string {
  const ok = accepted(phase).length;
  const sent = phase.load.samples.length + phase.load.errors;
  const delivery = phase.delivery
    ? `, emails ${phase.delivery.latenciesMs.length}, lost ${phase.delivery.lost.length}, dup ${phase.delivery.duplicated.length}`
    : '';
  return `  ${ok}/${sent} accepted in ${phase.load.durationS.toFixed(1)} s${delivery}`;
}

/** What the benchmark started, stopped in reverse order, once. */
class Cleanup {
  private readonly steps: Array<() => Promise<unknown>> = [];
  private done: Promise<void> | undefined;

  add(step: () => Promise<unknown> | undefined): void {
    this.steps.push(async () => step());
  }

  run(): Promise<void> {
    return (this.done ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step();
        } catch (error) {
          log(`while cleaning up: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })());
  }
}

if (require.main === module) runMain('bench', main);
