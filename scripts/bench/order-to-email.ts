/**
 * `npm run bench:order-to-email [-- --orders 10] [-- --api http://localhost:3000]`, against a running
 * `npm run dev`: for each order, how long the client waits for `201` and how long until the customer's
 * email is captured. Orders go one at a time so each figure is one order's path, not a queue's; one
 * order before them warms the functions up and is reported apart (a cold start is not the steady path).
 */

import { randomUUID } from 'node:crypto';
import { readCapturedEmails } from '../infra/captured-emails';
import { parseOptions, runMain, table } from '../command-line';

const POLL_MS = 20;
const EMAIL_TIMEOUT_MS = 30_000;

interface Sample {
  postMs: number;
  emailMs: number;
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

  const stats = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return [at(0), at(0.5), at(0.95), sorted[sorted.length - 1]!].map((ms) => `${Math.round(ms)} ms`);
  };
  console.log(
    `${orders} orders against ${api}, one at a time (email detected by polling every ${POLL_MS} ms)`,
  );
  console.log(
    `warm-up order: 201 after ${Math.round(warmup.postMs)} ms, email after ${Math.round(warmup.emailMs)} ms`,
  );
  console.log(
    table(
      ['', 'min', 'median', 'p95', 'max'],
      [
        ['POST /api/orders → 201', ...stats(samples.map((s) => s.postMs))],
        ['POST /api/orders → email captured', ...stats(samples.map((s) => s.emailMs))],
      ],
      [1, 2, 3, 4],
    ),
  );
  return 0;
}

async function oneOrder(api: string): Promise<Sample> {
  const email = `bench-${randomUUID()}@example.com`;
  const user = await post<{ id: string }>(`${api}/api/users`, { name: 'Bench Customer', email });
  const started = performance.now();
  await post(`${api}/api/orders`, { userId: user.id, totalAmount: '42.50', description: 'benchmark' });
  const postMs = performance.now() - started;
  for (;;) {
    const emails = await readCapturedEmails();
    if (emails.some((captured) => captured.to.includes(email)))
      return { postMs, emailMs: performance.now() - started };
    if (performance.now() - started > EMAIL_TIMEOUT_MS) throw new Error(`no email for ${email} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function post<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status !== 201)
    throw new Error(`POST ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

if (require.main === module) runMain('bench', main);
