import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { readCapturedEmails } from '../infra/captured-emails';
import { LOCAL } from '../infra/local';
import { localAwsClientConfig } from '../infra/provision';
import { loadTopology } from '../infra/topology';
import { kafkaPid, startKafka, stopKafka } from '../infra/kafka-broker';
import { parseOptions, runMain, table } from '../command-line';

/**
 * `npm run bench:relay-delay [-- --orders 5] [-- --down 40] [-- --api http://localhost:3000]`, against a
 * running `npm run dev` whose Kafka `npm run infra:up` (or dev itself) started: stops the broker, places
 * orders (each answered 201, its event left pending), keeps the broker down `--down` seconds (past the
 * relay's 30 s minimum age, so every order is due when it returns), starts it again and reports how long
 * after the broker answered the relay published each order's event (its item marked published) and its
 * customer's email was captured: the relay's part (a run every 5 s locally, the producer reconnecting),
 * then notify's consumer rejoining its group and the 500 ms batching window.
 */
const POLL_MS = 100;
const EMAIL_TIMEOUT_MS = 180_000;

async function main(args: string[]): Promise<number> {
  const values = parseOptions(args, {
    api: { type: 'string', default: 'http://localhost:3000' },
    orders: { type: 'string', default: '5' },
    down: { type: 'string', default: '40' },
  });
  const api = values.api;
  const orders = Number(values.orders);
  const downSeconds = Number(values.down);
  if (!Number.isInteger(orders) || orders < 1 || orders > 50) throw new Error('--orders must be 1 to 50');
  if (!(downSeconds >= 0)) throw new Error('--down must be a number of seconds');
  if (!kafkaPid())
    throw new Error('Kafka was not started by npm run infra:up or npm run dev: not stopping it');
  const log = (line: string) => console.log(`[bench] ${line}`);

  const customers = [];
  for (let i = 0; i < orders; i++) {
    const email = `relay-bench-${randomUUID()}@example.com`;
    const user = await post<{ id: string }>(`${api}/api/users`, { name: 'Bench Customer', email });
    customers.push({ email, userId: user.id, orderId: '' });
  }
  log('stopping Kafka');
  const stoppedAt = performance.now();
  await stopKafka();
  let backAt: number;
  try {
    for (const customer of customers) {
      const order = await post<{ id: string }>(`${api}/api/orders`, {
        userId: customer.userId,
        totalAmount: '42.50',
        description: 'relay benchmark',
      });
      customer.orderId = order.id;
    }
    log(`${orders} orders answered 201 with Kafka down; waiting until ${downSeconds} s after the stop`);
    const waitMs = downSeconds * 1000 - (performance.now() - stoppedAt);
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  } finally {
    // Whatever happened, the broker this command stopped is started again.
    await startKafka(log);
    backAt = performance.now();
  }
  log('Kafka answers again; waiting for the emails');

  const ordersTable = loadTopology(LOCAL.stage).tables.find((t) =>
    t.TableName?.endsWith('-orders'),
  )!.TableName;
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient(localAwsClientConfig()));
  const published = new Map<string, number>();
  const emailed = new Map<string, number>();
  try {
    while (emailed.size < customers.length) {
      const captured = await readCapturedEmails();
      for (const { email, orderId } of customers) {
        if (!published.has(orderId)) {
          const { Item } = await documents.send(
            new GetCommand({ TableName: ordersTable, Key: { id: orderId }, ConsistentRead: true }),
          );
          if (Item?.eventPublishedAt) published.set(orderId, performance.now() - backAt);
        }
        if (!emailed.has(email) && captured.some((e) => e.to.includes(email)))
          emailed.set(email, performance.now() - backAt);
      }
      if (performance.now() - backAt > EMAIL_TIMEOUT_MS)
        throw new Error(
          `${customers.length - emailed.size} emails missing ${EMAIL_TIMEOUT_MS / 1000} s after Kafka came back`,
        );
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    documents.destroy();
  }
  const row = (label: string, values: Iterable<number>) => {
    const sorted = [...values].sort((a, b) => a - b);
    const s = (ms: number | undefined) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);
    return [label, s(sorted[0]), s(sorted[Math.floor(sorted.length / 2)]), s(sorted.at(-1))];
  };
  console.log(
    `${orders} orders placed with Kafka down, Kafka back ${downSeconds} s after it stopped (polling every ${POLL_MS} ms)`,
  );
  console.log(
    table(
      ['', 'first', 'median', 'last'],
      [
        row('Kafka back → event published by the relay', published.values()),
        row('Kafka back → email captured', emailed.values()),
      ],
      [1, 2, 3],
    ),
  );
  return 0;
}

/** POSTs, trying again on a 503 (nothing was stored; a busy laptop can make user-service time out). */
async function post<T>(url: string, body: unknown): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    if (response.status === 201) return (await response.json()) as T;
    const text = await response.text();
    if (response.status !== 503 || attempt === 5)
      throw new Error(`POST ${url} answered ${response.status}: ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

if (require.main === module) runMain('bench', main);
