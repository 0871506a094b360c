import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { parseOptions, runMain, table } from './command-line';
import { describeQuorum, type Quorum } from './infra/kafka-quorum';
import { brokerAddresses, chooseKafkaLayout, LOCAL, type KafkaLayout } from './infra/local';
import { sleep } from './infra/processes';
import { loadTopology } from './infra/topology';

/**
 * `npm run topology [-- --watch [--interval ms]] [-- --topic <name>…] [-- --all] [-- --json] [-- --brokers 1|3]`: the
 * design's anatomy of Kafka, live: the brokers, the KRaft controller, and per partition of each topic its
 * leader, replicas and in-sync replicas. `--watch` redraws every second and lists what changed (a leader
 * moving when a broker dies, replicas leaving and rejoining the ISR).
 */
export interface BrokerView {
  nodeId: number;
  address: string;
  /** Registered with the controller and not fenced: what clients are told exists. */
  alive: boolean;
}

export interface PartitionView {
  partition: number;
  /** -1 when the partition has no leader (offline). */
  leader: number;
  replicas: number[];
  isr: number[];
}

export interface TopicView {
  name: string;
  minInsyncReplicas: number | undefined;
  partitions: PartitionView[];
}

export interface ClusterView {
  at: Date;
  clusterId: string;
  brokers: BrokerView[];
  /** Who the brokers name as "controller" in Metadata: in KRaft a random alive broker, not the controller. */
  metadataControllerId: number;
  /** The KRaft quorum as DescribeQuorum reports it; undefined with `quorumError` when it did not answer. */
  quorum: Quorum | undefined;
  quorumError?: string;
  topics: TopicView[];
}

/** The admin calls a reading makes: a new client through any broker of the layout, unless given one. */
export type TopologyAdmin = Pick<
  Admin,
  'connect' | 'disconnect' | 'describeCluster' | 'listTopics' | 'fetchTopicMetadata' | 'describeConfigs'
>;

function topologyAdmin(layout: KafkaLayout): TopologyAdmin {
  return new Kafka({
    clientId: 'topology',
    brokers: brokerAddresses(layout),
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
    logLevel: logLevel.NOTHING,
  }).admin();
}

/** Reads the cluster once through any broker of the layout that answers. */
export async function readClusterView(
  layout: KafkaLayout,
  which: { topics?: string[]; all?: boolean },
  {
    admin = topologyAdmin(layout),
    askQuorum = describeQuorum,
  }: { admin?: TopologyAdmin; askQuorum?: (address: string) => Promise<Quorum> } = {},
): Promise<ClusterView> {
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    const alive = new Map(cluster.brokers.map((b) => [b.nodeId, `${b.host}:${b.port}`]));
    const known = layout.nodes
      .filter((node) => node.port !== undefined)
      .map((node) => ({ nodeId: node.nodeId, address: `${LOCAL.kafkaHost}:${node.port}` }));
    const brokers: BrokerView[] = [
      ...known.map((b) => ({ ...b, alive: alive.has(b.nodeId) })),
      ...[...alive]
        .filter(([nodeId]) => !known.some((b) => b.nodeId === nodeId))
        .map(([nodeId, address]) => ({ nodeId, address, alive: true })),
    ].sort((a, b) => a.nodeId - b.nodeId);

    const existing = (await admin.listTopics()).sort();
    const names = which.all
      ? existing
      : (which.topics?.length ? which.topics : loadTopology(LOCAL.stage).topics.map((t) => t.name)).filter(
          (name) => existing.includes(name),
        );
    const metadata = names.length ? await admin.fetchTopicMetadata({ topics: names }) : { topics: [] };
    const configs = names.length
      ? await admin.describeConfigs({
          includeSynonyms: false,
          resources: names.map((name) => ({
            type: ConfigResourceTypes.TOPIC,
            name,
            configNames: ['min.insync.replicas'],
          })),
        })
      : { resources: [] };
    const topics = names.map((name) => {
      const found = metadata.topics.find((t) => t.name === name)!;
      const minIsr = configs.resources
        .find((r) => r.resourceName === name)
        ?.configEntries.find((c) => c.configName === 'min.insync.replicas')?.configValue;
      return {
        name,
        minInsyncReplicas: minIsr === undefined ? undefined : Number(minIsr),
        partitions: found.partitions
          .map((p) => ({
            partition: p.partitionId,
            leader: p.leader,
            replicas: p.replicas,
            // Kafka lists the ISR in no particular order; sorted, a change means a replica left or joined.
            isr: [...p.isr].sort((a, b) => a - b),
          }))
          .sort((a, b) => a.partition - b.partition),
      };
    });

    let quorum: Quorum | undefined;
    let quorumError: string | undefined;
    for (const address of alive.values()) {
      try {
        quorum = await askQuorum(address);
        break;
      } catch (error) {
        quorumError = (error as Error).message;
      }
    }
    return {
      at: new Date(),
      clusterId: cluster.clusterId,
      brokers,
      metadataControllerId: cluster.controller ?? -1,
      quorum,
      ...(quorum ? {} : { quorumError: quorumError ?? 'no broker answered' }),
      topics,
    };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

const list = (ids: number[]) => (ids.length ? ids.join(',') : '-');

export function formatClusterView(view: ClusterView): string {
  const lines: string[] = [];
  const time = view.at.toISOString().slice(11, 23);
  lines.push(`Kafka cluster ${view.clusterId} · ${time} UTC`);
  if (view.quorum) {
    const q = view.quorum;
    const voters = q.voters.map((v) =>
      v.replicaId === q.leaderId ? `${v.replicaId} (active)` : `${v.replicaId}`,
    );
    const behind = q.observers
      .filter((o) => q.highWatermark - o.logEndOffset > 0)
      .map((o) => `${o.replicaId} ${q.highWatermark - o.logEndOffset} behind`);
    lines.push(
      `controller  node ${q.leaderId} (KRaft active controller, epoch ${q.leaderEpoch}) · voters ${voters.join(', ')} · ` +
        `metadata log ${q.highWatermark}, brokers ${behind.length ? behind.join(', ') : 'caught up'}`,
    );
  } else {
    lines.push(`controller  unknown: ${view.quorumError}`);
  }

  const leads = (nodeId: number) =>
    view.topics.flatMap((t) => t.partitions).filter((p) => p.leader === nodeId).length;
  const follows = (nodeId: number) =>
    view.topics.flatMap((t) => t.partitions).filter((p) => p.leader !== nodeId && p.isr.includes(nodeId))
      .length;
  lines.push(
    '',
    table(
      ['broker', 'address', 'state', 'leader of', 'in-sync follower of'],
      view.brokers.map((b) => [
        String(b.nodeId),
        b.address,
        b.alive ? 'up' : 'DOWN',
        b.alive ? String(leads(b.nodeId)) : '-',
        b.alive ? String(follows(b.nodeId)) : '-',
      ]),
      [0, 3, 4],
    ),
  );

  for (const topic of view.topics) {
    const rf = Math.max(0, ...topic.partitions.map((p) => p.replicas.length));
    lines.push(
      '',
      `${topic.name} · ${topic.partitions.length} partitions · replication factor ${rf} · ` +
        `min.insync.replicas ${topic.minInsyncReplicas ?? '?'}`,
      table(
        ['partition', 'leader', 'replicas', 'in sync (ISR)', ''],
        topic.partitions.map((p) => [
          String(p.partition),
          p.leader >= 0 ? String(p.leader) : 'none',
          list(p.replicas),
          list(p.isr),
          partitionState(p, topic.minInsyncReplicas),
        ]),
        [0, 1],
      ),
    );
  }
  if (view.topics.length === 0) lines.push('', 'No topics to show (npm run infra:up creates them).');
  return lines.join('\n');
}

function partitionState(p: PartitionView, minIsr: number | undefined): string {
  if (p.leader < 0) return 'OFFLINE: no leader';
  if (minIsr !== undefined && p.isr.length < minIsr) return `below min.insync.replicas: acks=all writes fail`;
  if (p.isr.length < p.replicas.length) return 'under-replicated';
  return '';
}

/** What changed between two readings, one line each: leaders, ISR, brokers, the active controller. */
export function changesBetween(before: ClusterView, after: ClusterView): string[] {
  const changes: string[] = [];
  for (const broker of after.brokers) {
    const was = before.brokers.find((b) => b.nodeId === broker.nodeId);
    if (was && was.alive !== broker.alive)
      changes.push(`broker ${broker.nodeId} ${broker.alive ? 'up' : 'DOWN'}`);
  }
  if (before.quorum && after.quorum && before.quorum.leaderId !== after.quorum.leaderId)
    changes.push(`active controller ${before.quorum.leaderId} → ${after.quorum.leaderId}`);
  for (const topic of after.topics) {
    const old = before.topics.find((t) => t.name === topic.name);
    for (const p of topic.partitions) {
      const was = old?.partitions.find((q) => q.partition === p.partition);
      if (!was) continue;
      const name = `${topic.name}-${p.partition}`;
      if (was.leader !== p.leader)
        changes.push(
          `${name} leader ${was.leader >= 0 ? was.leader : 'none'} → ${p.leader >= 0 ? p.leader : 'none'}`,
        );
      if (list(was.isr) !== list(p.isr)) changes.push(`${name} ISR ${list(was.isr)} → ${list(p.isr)}`);
    }
  }
  return changes;
}

async function watch(layout: KafkaLayout, which: { topics?: string[]; all?: boolean }, intervalMs: number) {
  let stop = false;
  process.on('SIGINT', () => (stop = true));
  let previous: ClusterView | undefined;
  const history: string[] = [];
  const tty = process.stdout.isTTY;
  while (!stop) {
    let text: string;
    try {
      const view = await readClusterView(layout, which);
      if (previous) {
        const stamp = view.at.toISOString().slice(11, 23);
        history.push(...changesBetween(previous, view).map((change) => `${stamp}  ${change}`));
      }
      previous = view;
      text = formatClusterView(view);
    } catch (error) {
      text = `Kafka does not answer on ${brokerAddresses(layout).join(',')}: ${(error as Error).message}`;
    }
    const recent = history.slice(-10);
    const screen = [text, '', 'changes seen (Ctrl-C to stop):', ...(recent.length ? recent : ['  none yet'])];
    process.stdout.write(tty ? `\u001b[H\u001b[2J${screen.join('\n')}\n` : `${screen.join('\n')}\n\n`);
    await sleep(intervalMs);
  }
}

export function topologyOptions(args: string[]) {
  const options = parseOptions(args, {
    topic: { type: 'string', multiple: true },
    all: { type: 'boolean', default: false },
    watch: { type: 'boolean', default: false },
    interval: { type: 'string', default: '1000' },
    json: { type: 'boolean', default: false },
    brokers: { type: 'string' },
  });
  const interval = Number(options.interval);
  if (!Number.isInteger(interval) || interval < 100)
    throw new Error('--interval must be whole milliseconds, 100 or more');
  return { ...options, interval };
}

async function main(args: string[]): Promise<number> {
  const { topic, all, watch: watching, interval, json, brokers } = topologyOptions(args);
  const layout = await chooseKafkaLayout(brokers);
  const which = { topics: topic ?? [], all };
  if (watching) {
    await watch(layout, which, interval);
    return 0;
  }
  const view = await readClusterView(layout, which);
  console.log(json ? JSON.stringify(view, null, 2) : formatClusterView(view));
  return 0;
}

if (require.main === module) runMain('topology', main);
