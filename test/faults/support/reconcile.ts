import fs from 'node:fs';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { table } from '../../../scripts/command-line';
import { readCapturedEmails } from '../../../scripts/infra/captured-emails';
import { localAwsClientConfig, localKafka } from '../../../scripts/infra/provision';
import { functionEnvironment } from '../../integration/support/function-environment';
import type { Answer } from './clients';
import { FAULTS_DIR, sleep } from './system';

/**
 * Reconciles a scenario: every order the system accepted (each 201, and each order it stored even though
 * the client never heard so) against the emails captured for the scenario's customer, matched by the order
 * id in the email. Waits for the system to drain: every expected email there, the consumer group's lag 0,
 * and nothing new for a few seconds (a late duplicate would show up then).
 */
export interface Reconciliation {
  scenario: string;
  placed: number;
  created: number;
  /** Final statuses other than 201, with how often each came. */
  others: Record<string, number>;
  /** POSTs repeated after a 503, as its Retry-After asked. */
  retries: number;
  expected: number;
  emails: number;
  lost: number;
  duplicated: number;
  /** The orders with more than one email, and how many more. */
  duplicates: Record<string, number>;
  /** Orders stored although their client got no 201. */
  storedWithout201: number;
  /** From the recovery (or the last order) to the last expected email; undefined if they never all came. */
  drainMs: number | undefined;
  slowestMs: number;
}

const ORDERS_TABLE = functionEnvironment('getOrder').ORDERS_TABLE!;
const ORDER_ID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\./;
export const RESULTS_FILE = path.join(FAULTS_DIR, 'results.jsonl');
/** Longer than the local event source's longest backoff (30 s) and an outbox sweep. */
const IDLE_GIVE_UP_MS = 45_000;

export async function reconcile(opts: {
  scenario: string;
  customer: { id: string; email: string };
  answers: Answer[];
  /** How many orders the scenario meant to place (retries of one order count once). */
  placed?: number;
  /** When the fault was over (or the last order placed): the drain is timed from here. */
  recoveredAt: number;
  topic: string;
  group: string;
  drainTimeoutMs?: number;
}): Promise<Reconciliation> {
  const drainTimeoutMs = opts.drainTimeoutMs ?? 300_000;
  const created = new Set(opts.answers.flatMap((a) => (a.status === 201 && a.orderId ? [a.orderId] : [])));
  // One Idempotency-Key is one order the customer meant to place: a second order created under a key
  // already answered is a duplicate, and so is its email.
  const firstByKey = new Map<string, string>();
  const duplicateOrders = new Set<string>();
  for (const answer of opts.answers) {
    if (answer.status !== 201 || !answer.orderId) continue;
    const first = firstByKey.get(answer.idempotencyKey);
    if (first === undefined) firstByKey.set(answer.idempotencyKey, answer.orderId);
    else if (first !== answer.orderId) duplicateOrders.add(answer.orderId);
  }
  let stored = await storedOrders(opts.customer.id);
  const deadline = Date.now() + drainTimeoutMs;
  let last = '';
  let stableSince = Date.now();
  let emails: Array<{ orderId: string | undefined; sentAt: number }> = [];
  for (;;) {
    emails = await emailsTo(opts.customer.email).catch(() => emails);
    const expected = new Set([...created, ...stored].filter((id) => !duplicateOrders.has(id)));
    const got = new Set(emails.flatMap((e) => (e.orderId ? [e.orderId] : [])));
    const complete = [...expected].every((id) => got.has(id));
    const lag = await groupLag(opts.group, opts.topic).catch(() => undefined);
    const state = `${emails.length}:${lag}`;
    if (state !== last) {
      last = state;
      stableSince = Date.now();
    }
    const quietMs = Date.now() - stableSince;
    if (complete && lag === 0 && quietMs >= 3000) break;
    // Everything consumed and nothing new for a while: what is missing is not on its way (a pending event
    // that nothing publishes), and waiting to the deadline would only make the suite slower.
    if (lag === 0 && quietMs >= IDLE_GIVE_UP_MS) break;
    if (Date.now() > deadline) break;
    await sleep(1000);
  }
  stored = await storedOrders(opts.customer.id).catch(() => stored);

  const expected = new Set([...created, ...stored].filter((id) => !duplicateOrders.has(id)));
  const perOrder = new Map<string, number>();
  for (const email of emails) {
    const id = email.orderId ?? '(no order id)';
    perOrder.set(id, (perOrder.get(id) ?? 0) + 1);
  }
  const lost = [...expected].filter((id) => !perOrder.has(id)).length;
  const duplicates = Object.fromEntries(
    [...perOrder.entries()]
      .map(([id, count]) => [id, expected.has(id) ? count - 1 : count] as const)
      .filter(([, extra]) => extra > 0),
  );
  const duplicated = Object.values(duplicates).reduce((sum, extra) => sum + extra, 0);
  const firstEmailAt = [...expected].map((id) =>
    Math.min(...emails.filter((e) => e.orderId === id).map((e) => e.sentAt)),
  );
  const others: Record<string, number> = {};
  for (const answer of opts.answers.filter((a) => a.status !== 201)) {
    const key = String(answer.status);
    others[key] = (others[key] ?? 0) + 1;
  }
  const result: Reconciliation = {
    scenario: opts.scenario,
    placed: opts.placed ?? opts.answers.length,
    created: opts.answers.filter((a) => a.status === 201).length,
    others,
    retries: opts.answers.reduce((sum, a) => sum + a.attempts - 1, 0),
    expected: expected.size,
    emails: emails.length,
    lost,
    duplicated,
    duplicates,
    storedWithout201: [...stored].filter((id) => !created.has(id)).length,
    drainMs:
      lost === 0 ? Math.max(0, Math.max(opts.recoveredAt, ...firstEmailAt) - opts.recoveredAt) : undefined,
    slowestMs: Math.max(0, ...opts.answers.map((a) => a.ms)),
  };
  record(result);
  return result;
}

/** The ids of the customer's orders in the orders table. */
async function storedOrders(customerId: string): Promise<Set<string>> {
  const db = DynamoDBDocumentClient.from(new DynamoDBClient(localAwsClientConfig()));
  try {
    const ids = new Set<string>();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new ScanCommand({
          TableName: ORDERS_TABLE,
          FilterExpression: 'customerId = :c',
          ExpressionAttributeValues: { ':c': customerId },
          ProjectionExpression: 'id',
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) ids.add(String(item.id));
      start = page.LastEvaluatedKey;
    } while (start);
    return ids;
  } finally {
    db.destroy();
  }
}

async function emailsTo(recipient: string) {
  return (await readCapturedEmails())
    .filter((email) => email.to.includes(recipient))
    .map((email) => ({ orderId: ORDER_ID.exec(email.text ?? '')?.[1], sentAt: email.sentAt.getTime() }));
}

/** Records the group has not committed yet on the topic, over all partitions. */
async function groupLag(group: string, topic: string): Promise<number> {
  const admin = localKafka('faults-lag').admin();
  await admin.connect();
  try {
    const [ends, [committed]] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId: group, topics: [topic] }),
    ]);
    return ends.reduce((sum, end) => {
      const done = Number(committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
      return sum + Math.max(0, Number(end.high) - Math.max(0, done));
    }, 0);
  } finally {
    await admin.disconnect();
  }
}

const HEADER = [
  'scenario',
  'placed',
  '201',
  'other',
  'emails exp/got',
  'lost',
  'dup',
  'stored w/o 201',
  'slowest',
  'drain',
];

function row(r: Reconciliation): string[] {
  const others = Object.entries(r.others)
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
  return [
    r.scenario,
    String(r.placed),
    String(r.created),
    others || '-',
    String(r.retries),
    `${r.expected}/${r.emails}`,
    String(r.lost),
    String(r.duplicated),
    String(r.storedWithout201),
    `${(r.slowestMs / 1000).toFixed(1)} s`,
    r.drainMs === undefined ? 'never' : `${(r.drainMs / 1000).toFixed(1)} s`,
  ];
}

/** Appends the scenario's line to the run's results and prints it at once (jest buffers console.log). */
function record(r: Reconciliation): void {
  fs.mkdirSync(FAULTS_DIR, { recursive: true });
  fs.appendFileSync(RESULTS_FILE, `${JSON.stringify(r)}\n`);
  process.stderr.write(`\n${table(HEADER, [row(r)], [1, 2, 4, 6, 7, 8, 9, 10])}\n`);
}

/** The table of every scenario of the run, as the suite prints it at the end. */
export function resultsTable(): string {
  if (!fs.existsSync(RESULTS_FILE)) return '(no scenario finished)';
  const rows = fs
    .readFileSync(RESULTS_FILE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => row(JSON.parse(line) as Reconciliation));
  return table(HEADER, rows, [1, 2, 4, 6, 7, 8, 9, 10]);
}
