/**
 * `npm run bench:order-to-email [-- --orders 10] [-- --api http://localhost:3000]`, against a running
 * `npm run dev`: for each order, how long the client waits for `201` and how long until the customer's
 * email is captured. Orders go one at a time so each figure is one order's path, not a queue's; one
 * order before them warms the functions up and is reported apart (a cold start is not the steady path).
 * It also reports where the `201`'s time went: the median of each stage create-order reports in its
 * Server-Timing header, as `npm run bench` does.
 */

import { randomUUID } from 'node:crypto';
import { readCapturedEmails } from '../infra/captured-emails';
import { parseOptions, runMain, table } from '../command-line';
import { reconcile } from './emails';
import { serverTiming } from './load';
import { medianStages } from './report';

/** How often the order's notifications are asked for while its email is on its way: seldom enough not to load
 * the emulator it shares with notify (the figures come from the emulator's capture times, not from this). */
const POLL_MS = 25;
const EMAIL_TIMEOUT_MS = 30_000;

interface Sample {
  orderId: string;
  /** Epoch milliseconds when the POST was sent. */
  sentAt: number;
  postMs: number;
  /** create-order's Server-Timing stages, in milliseconds. */
  stages: Record<string, number>;
}

export function benchOptions(args: string[]): { api: string; orders: number } {
  const values = parseOptions(args, {
    api: { type: 'string', default: 'http://localhost:3000' },
    orders: { type: 'string', default: '10' },
  });
  const orders = Number(values.orders);
  if (!Number.isInteger(orders) || orders < 1 || orders > 100) throw new Error('--orders must be 1 to 100');
  return { api: values.api, orders };
}

async function main(args: string[]): Promise<number> {
  const { api, orders } = benchOptions(args);

  const warmup = await oneOrder(api);
  const samples: Sample[] = [];
  for (let i = 0; i < orders; i++) samples.push(await oneOrder(api));

  // The emulator stamps each email as it captures it; read once at the end, as reading every captured
  // email while orders run would load the emulator that is being measured.
  const emails = await readCapturedEmails();
  const [first] = reconcile([warmup], emails).latenciesMs;
  const delivery = reconcile(samples, emails);
  if (delivery.lost.length > 0 || delivery.duplicated.length > 0)
    throw new Error(`lost ${delivery.lost.length}, duplicated ${delivery.duplicated.length} emails`);

  const stats = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return [at(0), at(0.5), at(0.95), sorted[sorted.length - 1]!].map((ms) => `${Math.round(ms)} ms`);
  };
  console.log(`${orders} orders against ${api}, one at a time (email: when the emulator captured it)`);
  console.log(
    `warm-up order: 201 after ${Math.round(warmup.postMs)} ms, email after ${Math.round(first!)} ms`,
  );
  console.log(
    table(
      ['', 'min', 'median', 'p95', 'max'],
      [
        ['POST /api/orders → 201', ...stats(samples.map((s) => s.postMs))],
        ['POST /api/orders → email captured', ...stats(delivery.latenciesMs)],
      ],
      [1, 2, 3, 4],
    ),
  );
  const stages = medianStages(
    'async',
    samples.map((sample) => ({ latencyMs: sample.postMs, stages: sample.stages })),
  );
  if (stages) {
    console.log('\nwhere the 201 waited (medians, from the Server-Timing header):');
    console.log(
      table(
        ['stage', 'ms'],
        stages.map(({ name, ms }) => [name, ms.toFixed(1)]),
        [1],
      ),
    );
  }
  return 0;
}

/** Places one order for a new customer and waits until its notification is SENT. */
async function oneOrder(api: string): Promise<Sample> {
  const email = `bench-${randomUUID()}@example.com`;
  const { body: user } = await post<{ id: string }>(`${api}/api/users`, { name: 'Bench Customer', email });
  const sentAt = performance.timeOrigin + performance.now();
  const started = performance.now();
  const { body: order, headers } = await post<{ id: string }>(`${api}/api/orders`, {
    userId: user.id,
    totalAmount: '42.50',
    description: 'benchmark',
  });
  const postMs = performance.now() - started;
  const stages = serverTiming(headers.get('server-timing') ?? undefined);
  for (;;) {
    if (await isNotified(api, order.id)) return { orderId: order.id, sentAt, postMs, stages };
    if (performance.now() - started > EMAIL_TIMEOUT_MS)
      throw new Error(`no email for order ${order.id} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function isNotified(api: string, orderId: string): Promise<boolean> {
  const response = await fetch(`${api}/api/orders/${orderId}/notifications`, {
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status !== 200)
    throw new Error(`GET /api/orders/${orderId}/notifications answered ${response.status}`);
  const { notifications } = (await response.json()) as { notifications: { status: string }[] };
  return notifications.some((n) => n.status === 'SENT');
}

async function post<T>(url: string, body: unknown): Promise<{ body: T; headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status !== 201)
    throw new Error(`POST ${url} answered ${response.status}: ${await response.text()}`);
  return { body: (await response.json()) as T, headers: response.headers };
}

if (require.main === module) runMain('bench', main);
