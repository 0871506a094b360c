import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Partitioners } from 'kafkajs';
import { readCapturedEmails } from '../../scripts/infra/captured-emails';
import { kafkaPids, stopKafka } from '../../scripts/infra/kafka-broker';
import { CLUSTER, localEnv, ROOT } from '../../scripts/infra/local';
import { up } from '../../scripts/infra/manager';
import { localAwsClientConfig, localKafka } from '../../scripts/infra/provision';
import { resolvedServerlessConfig } from '../../scripts/infra/topology';
import { formatClusterView, readClusterView, type ClusterView } from '../../scripts/topology';
import { isolatedConfig } from '../integration/support/isolated-config';
import { startServiceOffline, type RunningProcess } from '../integration/support/offline';
import { eventually } from '../integration/support/wait';

/**
 * Kafka as the design draws it, under traffic: three brokers, order-events replicated 3 times with
 * min.insync.replicas=2, `serverless offline` running the real functions. Orders flow at a steady rate
 * while the leader of a partition is killed (SIGKILL): a new leader takes over and every order answered
 * 201 is emailed exactly once. Then a second broker stops: acks=all cannot be met, and orders are still
 * answered 201, their events kept pending with the order. Once brokers are back, the outbox relay publishes
 * those events and their emails arrive, once each.
 *
 * The cases run in order and share the orders they placed; the figures are printed at the end.
 */
const HTTP_PORT = 3800;
const LAMBDA_PORT = 3802;
const API = `http://localhost:${HTTP_PORT}`;
/** Orders per second while the leader is killed: steady traffic, well within what offline serves. */
const RATE_PER_SECOND = 2;
const log = (line: string) => process.stderr.write(`[failover] ${line}\n`);

interface PlacedOrder {
  phase: 'warm-up' | 'leader-killed' | 'two-brokers-down';
  sentAt: number;
  ms: number;
  status: number;
  orderId?: string;
  /** What a failed request answered, to tell why. */
  error?: string;
}

const ordersTable = (resolvedServerlessConfig('local') as { custom: { tables: { orders: string } } }).custom
  .tables.orders;
const documents = DynamoDBDocumentClient.from(new DynamoDBClient(localAwsClientConfig()));
const placed: PlacedOrder[] = [];
const figures: Record<string, string | number> = {};
let topic: string;
let config: string;
let offline: RunningProcess;
let userId: string | undefined;
let recipient: string;
let userServiceRetries = 0;
/** The broker the first case killed. */
let killed: number | undefined;

beforeAll(async () => {
  topic = await createReplicatedTopic();
  config = isolatedConfig(topic, 'failover', HTTP_PORT);
  offline = startServiceOffline(config, { http: HTTP_PORT, lambda: LAMBDA_PORT }, { env: localEnv() });
  await offline.waitFor(/kafka notify joined group .*partitions \[0,1,2\]/, { timeoutMs: 150_000 });
  // The first invocations load each function cold, which on a busy machine can outlast createUser's
  // Lambda timeout: a few attempts, each with an address of its own.
  for (let attempt = 1; userId === undefined; attempt++) {
    recipient = `failover-${randomUUID()}@example.com`;
    const user = await post('/api/users', { name: 'Ana Failover', email: recipient });
    if (user.status === 201) userId = user.body.id as string;
    else if (attempt === 3)
      throw new Error(`POST /api/users answered ${user.status} ${JSON.stringify(user.body)}`);
  }
  // Orders before the traffic, so its orders find create-order loaded.
  for (let i = 0; i < 2; i++) await placeOrder('warm-up');
}, 240_000);

afterAll(async () => {
  await offline?.stop();
  // What offline printed (each order's log lines, the Kafka plugin's), kept for whoever reads a failure.
  if (offline) fs.writeFileSync(path.join(ROOT, '.local', 'failover-offline.log'), offline.output());
  if (config) fs.rmSync(path.join(ROOT, config), { force: true });
  documents.destroy();
  // Whatever a case left dead comes back: the cluster is left as the suite found it.
  await up(log, CLUSTER);
  figures['orders retried after 503 USER_SERVICE_UNAVAILABLE'] = userServiceRetries;
  log(
    `figures:\n${Object.entries(figures)
      .map(([name, value]) => `  ${name}: ${value}`)
      .join('\n')}`,
  );
}, 180_000);

describe('Kafka failover under traffic', () => {
  it('elects a new leader when the leader of a partition of order-events dies, and every order answered 201 is emailed exactly once', async () => {
    const before = await view();
    log(`before the kill:\n${formatClusterView(before)}`);
    const partition = 0;
    const leader = partitionOf(before, partition).leader;
    const pid = kafkaPids(CLUSTER).get(leader);
    if (pid === undefined)
      throw new Error(
        `broker ${leader} was not started by infra:up: the failover test kills brokers it started`,
      );

    const traffic = steadyOrders('leader-killed');
    await sleep(3000);
    process.kill(pid, 'SIGKILL');
    killed = leader;
    const killedAt = Date.now();
    const newLeader = await leaderServing(partition, leader);
    const electionMs = Date.now() - killedAt;
    await sleep(5000);
    const orders = await traffic.stop();
    const after = await view();
    log(`after the kill (broker ${leader}):\n${formatClusterView(after)}`);

    // Orders whose request was under way at some point between the kill and the new leader.
    const during = orders.filter((o) => o.sentAt <= killedAt + electionMs && o.sentAt + o.ms >= killedAt);
    figures['leader killed'] = `broker ${leader}, leader of ${topic}-${partition}`;
    figures['leader election (kill → new leader answers)'] =
      `${electionMs} ms, new leader broker ${newLeader}`;
    figures['orders placed with the leader killed'] = orders.length;
    figures['201 for orders under way during the election'] =
      `${during.filter((o) => o.status === 201).length} of ${during.length}`;
    figures['slowest of those'] = `${Math.max(0, ...during.map((o) => o.ms))} ms`;
    figures['median order before the kill'] =
      `${median(orders.filter((o) => o.sentAt + o.ms < killedAt))} ms`;
    expect(newLeader).not.toBe(leader);
    expect(partitionOf(after, partition).isr).not.toContain(leader);
    expect(orders.filter((o) => o.status !== 201)).toEqual([]);

    const pending = await pendingEvents(orders);
    figures['events left pending by the kill'] = pending.length;
    const emailed = await emailsPerOrder(
      orders.filter((o) => !pending.includes(o.orderId!)),
      90_000,
    );
    figures['lost (201 without an email) after the kill'] = countWhere(emailed, (n) => n === 0);
    figures['duplicated (more than one email) after the kill'] = countWhere(emailed, (n) => n > 1);
    // Nothing pending, or the relay is what emails it: either way one email per accepted order.
    expect(pending).toEqual([]);
    expect([...emailed.values()]).toEqual(orders.map(() => 1));
  }, 240_000);

  it('still answers 201 when two brokers are down and acks=all cannot be met, keeping each event pending', async () => {
    const brokerIds = CLUSTER.nodes.filter((node) => node.roles.includes('broker')).map((n) => n.nodeId);
    const alive = [...kafkaPids(CLUSTER).keys()].filter((id) => brokerIds.includes(id));
    expect(alive.length).toBe(2);
    const second = alive[0]!;
    await stopKafka(CLUSTER, [second]);
    const survivor = alive[1]!;
    const belowMinIsr = await eventually(
      `every partition of ${topic} led by broker ${survivor} alone`,
      async () => {
        const current = await view().catch(() => undefined);
        const partitions = current?.topics[0]?.partitions ?? [];
        const alone = partitions.every((p) => p.leader === survivor && p.isr.join() === String(survivor));
        return partitions.length > 0 && alone ? current : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    log(`with brokers ${killed} and ${second} down:\n${formatClusterView(belowMinIsr)}`);
    await expect(produceWithAcksAll()).rejects.toThrow(/NOT_ENOUGH_REPLICAS|replicas/i);

    const orders: PlacedOrder[] = [];
    for (let i = 0; i < 3; i++) orders.push(await placeOrder('two-brokers-down'));
    placed.push(...orders);

    figures['orders placed with two brokers down'] = orders.length;
    figures['201 with two brokers down'] = orders.filter((o) => o.status === 201).length;
    figures['slowest 201 with two brokers down'] = `${Math.max(...orders.map((o) => o.ms))} ms`;
    expect(orders.filter((o) => o.status !== 201)).toEqual([]);
    const pending = await pendingEvents(orders);
    figures['events pending with two brokers down'] = pending.length;
    expect(pending.sort()).toEqual(orders.map((o) => o.orderId).sort());
    const emailed = await emailsPerOrder(orders, 0);
    expect([...emailed.values()]).toEqual(orders.map(() => 0));
  }, 180_000);

  it('publishes the pending events once the brokers are back, and each of those orders is emailed exactly once (the outbox relay)', async () => {
    const orders = placed.filter((o) => o.phase === 'two-brokers-down');
    expect(orders.length).toBeGreaterThan(0);
    await up(log, CLUSTER);
    const restoredAt = Date.now();
    log(`brokers back:\n${formatClusterView(await view())}`);

    await eventually(
      'the pending events published by the outbox relay',
      async () => ((await pendingEvents(orders)).length === 0 ? true : undefined),
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    figures['pending events published after the brokers came back'] =
      `${orders.length} in ${Date.now() - restoredAt} ms`;
    const emailed = await emailsPerOrder(orders, 90_000);
    figures['lost (201 without an email) after two brokers down'] = countWhere(emailed, (n) => n === 0);
    figures['duplicated (more than one email) after two brokers down'] = countWhere(emailed, (n) => n > 1);
    expect([...emailed.values()]).toEqual(orders.map(() => 1));
  }, 300_000);
});

async function createReplicatedTopic(): Promise<string> {
  const name = `failover-${randomUUID().slice(0, 8)}`;
  const admin = localKafka('failover-topics').admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: name,
          numPartitions: 3,
          replicationFactor: CLUSTER.replicationFactor,
          configEntries: [{ name: 'min.insync.replicas', value: String(CLUSTER.minInsyncReplicas) }],
        },
      ],
    });
  } finally {
    await admin.disconnect();
  }
  return name;
}

function view(): Promise<ClusterView> {
  return readClusterView(CLUSTER, { topics: [topic] });
}

function partitionOf(cluster: ClusterView, partition: number) {
  const found = cluster.topics[0]?.partitions.find((p) => p.partition === partition);
  if (!found) throw new Error(`${topic}-${partition} is not in the cluster's metadata`);
  return found;
}

/** The new leader of the partition once it is another broker and answers for it (ListOffsets). */
async function leaderServing(partition: number, oldLeader: number): Promise<number> {
  return eventually(
    `a new leader for ${topic}-${partition}`,
    async () => {
      const admin = localKafka('failover-probe').admin();
      try {
        await admin.connect();
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        const leader = topics[0]?.partitions.find((p) => p.partitionId === partition)?.leader ?? -1;
        if (leader < 0 || leader === oldLeader) return undefined;
        const offsets = await admin.fetchTopicOffsets(topic);
        return offsets.some((o) => o.partition === partition) ? leader : undefined;
      } catch {
        return undefined;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
    { timeoutMs: 60_000, intervalMs: 50 },
  );
}

/** A produce needing every in-sync replica, as create-order's: fails while fewer than 2 are in sync. */
async function produceWithAcksAll(): Promise<void> {
  const producer = localKafka('failover-acks-all').producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: 0 },
  });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, timeout: 2000, messages: [{ key: 'probe', value: 'probe' }] });
  } finally {
    await producer.disconnect();
  }
}

/**
 * Places an order every 1/RATE_PER_SECOND s until stopped, one at a time: an answer that takes longer
 * delays the next order instead of piling requests up (each would start another cold Lambda in offline).
 */
function steadyOrders(phase: PlacedOrder['phase']): { stop(): Promise<PlacedOrder[]> } {
  const orders: PlacedOrder[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const next = Date.now() + 1000 / RATE_PER_SECOND;
      orders.push(await placeOrder(phase));
      await sleep(Math.max(0, next - Date.now()));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      placed.push(...orders);
      return orders;
    },
  };
}

/**
 * POST /api/orders as a client following the API: a 503 USER_SERVICE_UNAVAILABLE stored nothing and says
 * to try again, which it does (counted: on a busy machine user-service can miss its 2 s deadline).
 */
async function placeOrder(phase: PlacedOrder['phase']): Promise<PlacedOrder> {
  const sentAt = Date.now();
  for (let attempt = 1; ; attempt++) {
    const { status, body } = await post('/api/orders', {
      userId,
      totalAmount: '12.50',
      description: `failover ${phase}`,
    });
    const code = (body.error as { code?: string } | undefined)?.code;
    if (status === 503 && code === 'USER_SERVICE_UNAVAILABLE' && attempt < 3) {
      userServiceRetries++;
      await sleep(500);
      continue;
    }
    return {
      phase,
      sentAt,
      ms: Date.now() - sentAt,
      status,
      ...(status === 201 ? { orderId: body.id as string } : { error: JSON.stringify(body).slice(0, 200) }),
    };
  }
}

async function post(
  route: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${API}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(35_000),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The ids among `orders` whose item still holds its event to publish (docs/order-flow.md). */
async function pendingEvents(orders: PlacedOrder[]): Promise<string[]> {
  const pending: string[] = [];
  for (const order of orders.filter((o) => o.orderId)) {
    const { Item } = await documents.send(
      new GetCommand({ TableName: ordersTable, Key: { id: order.orderId }, ConsistentRead: true }),
    );
    if (Item?.pendingEvent !== undefined) pending.push(order.orderId!);
  }
  return pending;
}

/**
 * How many emails the recipient got for each order, by the order id in the email: waits up to
 * `timeoutMs` for every order to have one, then a little longer so a duplicate would show.
 */
async function emailsPerOrder(orders: PlacedOrder[], timeoutMs: number): Promise<Map<string, number>> {
  const ids = orders.map((o) => o.orderId!).filter(Boolean);
  const count = async () => {
    const emails = (await readCapturedEmails()).filter((email) => email.to.includes(recipient));
    return new Map(ids.map((id) => [id, emails.filter((email) => email.text?.includes(id)).length]));
  };
  if (timeoutMs > 0) {
    await eventually(
      `an email for each of ${ids.length} orders`,
      async () => ([...(await count()).values()].every((n) => n > 0) ? true : undefined),
      { timeoutMs, intervalMs: 500 },
    ).catch(() => undefined);
  }
  await sleep(3000);
  return count();
}

function median(orders: PlacedOrder[]): number {
  const sorted = orders.map((o) => o.ms).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
}

function countWhere(counts: Map<string, number>, test: (n: number) => boolean): number {
  return [...counts.values()].filter(test).length;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
