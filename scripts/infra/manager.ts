import fs from 'node:fs';
import path from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConfigResourceTypes } from 'kafkajs';
import {
  AWS_ENDPOINT_URL,
  brokerAddresses,
  CLUSTER,
  kafkaLayout,
  LOCAL,
  ROOT,
  SINGLE_NODE,
  type KafkaLayout,
} from './local';
import {
  emulatorAnswers,
  installMinistack,
  ministackPid,
  MINISTACK_LOG,
  MINISTACK_STATE_DIR,
  pythonMissing,
  startMinistack,
  stopMinistack,
} from './aws-emulator';
import {
  allBrokersRegistered,
  installKafka,
  kafkaJavaMissing,
  kafkaPids,
  nodeFiles,
  registeredBrokers,
  startKafka,
  stopKafka,
} from './kafka-broker';
import { isPortOpen, sleep } from './processes';
import { localAwsClientConfig, localKafka, provision } from './provision';
import { loadTopology, type Topology } from './topology';

export type Log = (line: string) => void;

export interface UpResult {
  /** What this call started (and so what the caller may stop); what already ran is reused and left alone. */
  started: Array<'kafka' | 'aws'>;
  /** The Kafka layout brought up. */
  layout: KafkaLayout;
  /** The Kafka nodes this call started: all of them, or those of the cluster that were not running. */
  kafkaNodes: number[];
}

const DOCKER_HINT = 'or run `docker compose up -d` and then this command again (it reuses what answers)';

/**
 * Starts what is not running, installing it on first use, then provisions. Reuses whatever answers
 * already. Kafka comes up in the given layout: one node, or the cluster (whose nodes that are not
 * running, e.g. a broker that was killed, are started again).
 */
export async function up(log: Log, layout: KafkaLayout = kafkaLayout()): Promise<UpResult> {
  const started: UpResult['started'] = [];
  const kafkaNodes: number[] = [];
  const topology = loadTopology(LOCAL.stage);
  const [kafkaUp, awsUp] = await Promise.all([allBrokersRegistered(layout), emulatorAnswers()]);
  const brokers = brokerAddresses(layout).join(',');

  const startKafkaIfNeeded = async () => {
    if (kafkaUp) return log(`Kafka already answers on ${brokers}: reusing it`);
    const ours = kafkaPids(layout);
    const missing = layout.nodes.filter((node) => !ours.has(node.nodeId));
    for (const node of missing) {
      for (const port of [node.port, node.controllerPort]) {
        if (port !== undefined && (await isPortOpen(port))) {
          throw new Error(
            port === node.port
              ? `port ${port} is taken by something that is not a Kafka broker: free it first`
              : `port ${port} (Kafka controller) is taken by another program: free it first`,
          );
        }
      }
    }
    if (missing.length > 0) {
      const noJava = kafkaJavaMissing();
      if (noJava) throw new Error(`${noJava}: install a JDK 17+, ${DOCKER_HINT}`);
      installKafka(log);
      started.push('kafka');
      kafkaNodes.push(...missing.map((node) => node.nodeId));
    }
    await startKafka(log, layout, missing);
  };
  const startAwsIfNeeded = async () => {
    if (awsUp)
      return log(`${awsUp.kind} ${awsUp.version} already answers on ${AWS_ENDPOINT_URL}: reusing it`);
    if (await isPortOpen(LOCAL.awsPort, LOCAL.awsHost)) {
      throw new Error(
        `port ${LOCAL.awsPort} is taken by something that is not an AWS emulator: free it first`,
      );
    }
    const missing = pythonMissing();
    if (missing) throw new Error(`${missing}: install it, ${DOCKER_HINT}`);
    installMinistack(log);
    await startMinistack(log);
    started.push('aws');
  };

  const outcomes = await Promise.allSettled([startKafkaIfNeeded(), startAwsIfNeeded()]);
  const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failures.length > 0) {
    await down({ only: started, layout, kafkaNodes, log });
    throw new Error(
      failures.map((f) => (f.reason instanceof Error ? f.reason.message : String(f.reason))).join('\n'),
    );
  }
  await provisionRetrying(() => provision(topology, log, layout), log);
  return { started, layout, kafkaNodes };
}

/**
 * Provisioning is idempotent, and a cluster that has just started may still answer a retriable error for
 * a partition whose leader it is electing ("This server does not host this topic-partition"): try again,
 * three times at most.
 */
async function provisionRetrying(provisionOnce: () => Promise<void>, log: Log): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await provisionOnce();
    } catch (error) {
      const retriable = (error as { retriable?: boolean }).retriable === true;
      if (!retriable || attempt === 3) throw error;
      log(`provisioning again in 2 s: ${(error as Error).message}`);
      await sleep(2000);
    }
  }
}

function describeLayout(layout: KafkaLayout): string {
  return layout.kind === 'single' ? 'one node' : `a cluster of ${brokerAddresses(layout).length} brokers`;
}

/**
 * Stops what `up` started (by its pid files); says what it leaves running because someone else started
 * it. With `only`, stops only that (and of Kafka only `kafkaNodes` of `layout`, when given); without, every
 * node of both layouts this project started.
 */
export async function down({
  only,
  layout,
  kafkaNodes,
  log,
}: {
  only?: UpResult['started'];
  layout?: KafkaLayout;
  kafkaNodes?: number[];
  log: Log;
}): Promise<void> {
  const wants = (what: 'kafka' | 'aws') => only === undefined || only.includes(what);
  if (wants('kafka')) {
    const layouts = only === undefined ? [SINGLE_NODE, CLUSTER] : [layout ?? kafkaLayout()];
    for (const each of layouts) {
      const stopped = await stopKafka(each, only === undefined ? undefined : kafkaNodes);
      if (stopped.length > 0) log(`stopped ${stopped.join(', ')}`);
    }
  }
  if (wants('aws')) {
    const outcome = await stopMinistack();
    if (outcome === 'stopped') log(`stopped MiniStack (state saved in ${relative(MINISTACK_STATE_DIR)})`);
    if (outcome === 'killed')
      log('killed MiniStack: it did not stop within 30 s, so what changed since it started is lost');
  }
  if (only !== undefined) return;
  for (const each of [SINGLE_NODE, CLUSTER]) {
    const open = [];
    for (const address of brokerAddresses(each)) {
      if (await isPortOpen(Number(address.split(':')[1]))) open.push(address);
    }
    if (open.length > 0) log(`left running: Kafka on ${open.join(',')} (not started by infra:up)`);
  }
  if (await isPortOpen(LOCAL.awsPort, LOCAL.awsHost))
    log(`left running: ${AWS_ENDPOINT_URL} (not started by infra:up)`);
}

/**
 * A fresh start: stops what `up` started, wipes Kafka's data (records, offsets) and the emulator's saved
 * state (tables, items, captured emails) together, since one without the other leaves them disagreeing
 * (events whose orders are gone, or orders whose deduplication records are), then brings both up again.
 * Refuses when a broker or emulator it did not start answers: that one must be reset where it runs.
 */
export async function reset(log: Log, layout: KafkaLayout = kafkaLayout()): Promise<UpResult> {
  const foreign: string[] = [];
  const firstPort = layout.nodes.find((node) => node.port !== undefined)!.port!;
  if (kafkaPids(layout).size === 0 && (await isPortOpen(firstPort)))
    foreign.push(`Kafka on ${brokerAddresses(layout).join(',')}`);
  if (ministackPid() === undefined && (await isPortOpen(LOCAL.awsPort, LOCAL.awsHost)))
    foreign.push(`the AWS emulator on ${AWS_ENDPOINT_URL}`);
  if (foreign.length > 0) {
    throw new Error(
      `${foreign.join(' and ')} ${foreign.length > 1 ? 'were' : 'was'} not started by infra:up: reset ` +
        'it where it runs (e.g. `docker compose down -v`), then run this again',
    );
  }
  await down({ log });
  const dataDirs = layout.nodes.map((node) => nodeFiles(layout, node).dataDir);
  for (const dir of [...dataDirs, MINISTACK_STATE_DIR]) fs.rmSync(dir, { recursive: true, force: true });
  log(
    `wiped ${dataDirs.map(relative).join(', ')} (topics, records, offsets) and ${relative(MINISTACK_STATE_DIR)} (tables, emails)`,
  );
  return up(log, layout);
}

function relative(dir: string): string {
  return path.relative(ROOT, dir);
}

export interface Status {
  ok: boolean;
  lines: string[];
}

/**
 * What runs where, with the topics' partitions (and on the cluster each broker, the replication and the
 * replicas in sync) and the tables; ok is false when anything is missing or under-replicated.
 */
export async function status(layout: KafkaLayout = kafkaLayout()): Promise<Status> {
  const topology = loadTopology(LOCAL.stage);
  const lines: string[] = [];
  let ok = true;
  const problem = (line: string) => {
    ok = false;
    lines.push(`  ✗ ${line}`);
  };

  const registered = await registeredBrokers(layout);
  const brokers = brokerAddresses(layout).join(',');
  if (registered) {
    const pids = kafkaPids(layout);
    const who = (nodeId: number) => {
      const pid = pids.get(nodeId);
      const files = nodeFiles(
        layout,
        layout.nodes.find((node) => node.nodeId === nodeId)!,
      );
      return pid
        ? `started by infra:up (pid ${pid}, log ${files.logFile}, data ${relative(files.dataDir)})`
        : 'external';
    };
    if (layout.kind === 'single') {
      lines.push(`Kafka      ${brokers}  ${who(layout.nodes[0]!.nodeId)}`);
    } else {
      lines.push(`Kafka      ${describeLayout(layout)} and a KRaft controller`);
      for (const node of layout.nodes) {
        if (node.port === undefined) {
          const up = await isPortOpen(node.controllerPort!);
          if (up)
            lines.push(
              `  controller ${node.nodeId}  ${LOCAL.kafkaHost}:${node.controllerPort}  ${who(node.nodeId)}`,
            );
          else
            problem(`controller ${node.nodeId} does not listen on ${LOCAL.kafkaHost}:${node.controllerPort}`);
        } else if (registered.includes(node.nodeId)) {
          lines.push(`  broker ${node.nodeId}  ${LOCAL.kafkaHost}:${node.port}  ${who(node.nodeId)}`);
        } else {
          problem(
            `broker ${node.nodeId} (${LOCAL.kafkaHost}:${node.port}) is not in the cluster (npm run infra:up starts it)`,
          );
        }
      }
    }
    await topicsStatus(layout, topology.topics, lines, problem);
  } else {
    problem(`Kafka does not answer on ${brokers}`);
  }

  const emulator = await emulatorAnswers();
  if (emulator) {
    const pid = ministackPid();
    const who = pid
      ? `started by infra:up (pid ${pid}, log ${MINISTACK_LOG}, state ${relative(MINISTACK_STATE_DIR)})`
      : 'external';
    lines.push(`AWS        ${AWS_ENDPOINT_URL}  ${emulator.kind} ${emulator.version}, ${who}`);
    const dynamodb = new DynamoDBClient(localAwsClientConfig());
    try {
      for (const table of topology.tables) {
        try {
          const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: table.TableName }));
          lines.push(`  table ${table.TableName}  ${Table?.TableStatus}`);
        } catch {
          problem(`table ${table.TableName} is missing (run npm run infra:up)`);
        }
      }
    } finally {
      dynamodb.destroy();
    }
    lines.push(`  SES sender ${topology.sesSender}`);
  } else {
    problem(`no AWS emulator answers on ${AWS_ENDPOINT_URL}`);
  }
  return { ok, lines };
}

/** Each topic of serverless.yml with its partitions; on the cluster its replicas, min ISR and what is in sync. */
async function topicsStatus(
  layout: KafkaLayout,
  topics: Topology['topics'],
  lines: string[],
  problem: (line: string) => void,
): Promise<void> {
  const admin = localKafka('infra-status', brokerAddresses(layout)).admin();
  await admin.connect();
  try {
    const names = new Set(await admin.listTopics());
    const wanted = topics.filter((topic) => names.has(topic.name));
    const metadata = wanted.length
      ? await admin.fetchTopicMetadata({ topics: wanted.map((t) => t.name) })
      : { topics: [] };
    const configs = wanted.length
      ? await admin.describeConfigs({
          includeSynonyms: false,
          resources: wanted.map((t) => ({
            type: ConfigResourceTypes.TOPIC,
            name: t.name,
            configNames: ['min.insync.replicas'],
          })),
        })
      : { resources: [] };
    for (const topic of topics) {
      const found = metadata.topics.find((t) => t.name === topic.name);
      if (!found) {
        problem(`topic ${topic.name} is missing (run npm run infra:up)`);
        continue;
      }
      if (found.partitions.length !== topic.partitions) {
        problem(
          `topic ${topic.name} has ${found.partitions.length} partitions, expected ${topic.partitions}`,
        );
        continue;
      }
      if (layout.kind === 'single') {
        lines.push(`  topic ${topic.name}  ${found.partitions.length} partitions`);
        continue;
      }
      const replicas = Math.min(...found.partitions.map((p) => p.replicas.length));
      const minIsr = configs.resources
        .find((r) => r.resourceName === topic.name)
        ?.configEntries.find((c) => c.configName === 'min.insync.replicas')?.configValue;
      const behind = found.partitions.filter((p) => p.isr.length < p.replicas.length);
      lines.push(
        `  topic ${topic.name}  ${found.partitions.length} partitions, ${replicas} replicas, ` +
          `min.insync.replicas ${minIsr ?? '?'}, ` +
          (behind.length === 0 ? 'all in sync' : `${behind.length} under-replicated`),
      );
      if (replicas < layout.replicationFactor)
        problem(
          `topic ${topic.name} has ${replicas} replicas, the cluster wants ${layout.replicationFactor}`,
        );
      for (const p of behind)
        problem(
          `${topic.name}-${p.partitionId}: ${p.isr.length} of ${p.replicas.length} replicas in sync (npm run topology)`,
        );
    }
  } finally {
    await admin.disconnect();
  }
}
