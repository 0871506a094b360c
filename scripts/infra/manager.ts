import fs from 'node:fs';
import path from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AWS_ENDPOINT_URL, KAFKA_BROKERS, LOCAL, ROOT } from './local';
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
  installKafka,
  KAFKA_DATA_DIR,
  KAFKA_LOG,
  kafkaAnswers,
  kafkaJavaMissing,
  kafkaPid,
  startKafka,
  stopKafka,
} from './kafka-broker';
import { isPortOpen } from './processes';
import { localAwsClientConfig, localKafka, provision } from './provision';
import { loadTopology } from './topology';

export type Log = (line: string) => void;

export interface UpResult {
  /** What this call started (and so what the caller may stop); what already ran is reused and left alone. */
  started: Array<'kafka' | 'aws'>;
}

const DOCKER_HINT = 'or run `docker compose up -d` and then this command again (it reuses what answers)';

/** Starts what is not running, installing it on first use, then provisions. Reuses whatever answers already. */
export async function up(log: Log): Promise<UpResult> {
  const started: UpResult['started'] = [];
  const topology = loadTopology(LOCAL.stage);
  const [kafkaUp, awsUp] = await Promise.all([kafkaAnswers(), emulatorAnswers()]);

  const startKafkaIfNeeded = async () => {
    if (kafkaUp) return log(`Kafka already answers on ${KAFKA_BROKERS}: reusing it`);
    if (await isPortOpen(LOCAL.kafkaPort)) {
      throw new Error(
        `port ${LOCAL.kafkaPort} is taken by something that is not a Kafka broker: free it first`,
      );
    }
    if (await isPortOpen(LOCAL.kafkaControllerPort)) {
      throw new Error(
        `port ${LOCAL.kafkaControllerPort} (Kafka controller) is taken by another program: free it first`,
      );
    }
    const missing = kafkaJavaMissing();
    if (missing) throw new Error(`${missing}: install a JDK 17+, ${DOCKER_HINT}`);
    installKafka(log);
    await startKafka(log);
    started.push('kafka');
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
    await down({ only: started, log });
    throw new Error(
      failures.map((f) => (f.reason instanceof Error ? f.reason.message : String(f.reason))).join('\n'),
    );
  }
  await provision(topology, log);
  return { started };
}

/** Stops what `up` started (by its pid files); says what it leaves running because someone else started it. */
export async function down({ only, log }: { only?: UpResult['started']; log: Log }): Promise<void> {
  const wants = (what: 'kafka' | 'aws') => only === undefined || only.includes(what);
  if (wants('kafka')) {
    const outcome = await stopKafka();
    if (outcome === 'stopped') log('stopped Kafka');
    if (outcome === 'killed')
      log('killed Kafka: it did not stop within 30 s (its logs are recovered next start)');
  }
  if (wants('aws')) {
    const outcome = await stopMinistack();
    if (outcome === 'stopped') log(`stopped MiniStack (state saved in ${relative(MINISTACK_STATE_DIR)})`);
    if (outcome === 'killed')
      log('killed MiniStack: it did not stop within 30 s, so what changed since it started is lost');
  }
  if (only !== undefined) return;
  if (await isPortOpen(LOCAL.kafkaPort)) log(`left running: ${KAFKA_BROKERS} (not started by infra:up)`);
  if (await isPortOpen(LOCAL.awsPort, LOCAL.awsHost))
    log(`left running: ${AWS_ENDPOINT_URL} (not started by infra:up)`);
}

/**
 * A fresh start: stops what `up` started, wipes Kafka's data (records, offsets) and the emulator's saved
 * state (tables, items, captured emails) together, since one without the other leaves them disagreeing
 * (events whose orders are gone, or orders whose deduplication records are), then brings both up again.
 * Refuses when a broker or emulator it did not start answers: that one must be reset where it runs.
 */
export async function reset(log: Log): Promise<UpResult> {
  const foreign: string[] = [];
  if (kafkaPid() === undefined && (await isPortOpen(LOCAL.kafkaPort)))
    foreign.push(`Kafka on ${KAFKA_BROKERS}`);
  if (ministackPid() === undefined && (await isPortOpen(LOCAL.awsPort, LOCAL.awsHost)))
    foreign.push(`the AWS emulator on ${AWS_ENDPOINT_URL}`);
  if (foreign.length > 0) {
    throw new Error(
      `${foreign.join(' and ')} ${foreign.length > 1 ? 'were' : 'was'} not started by infra:up: reset ` +
        'it where it runs (e.g. `docker compose down -v`), then run this again',
    );
  }
  await down({ log });
  for (const dir of [KAFKA_DATA_DIR, MINISTACK_STATE_DIR]) fs.rmSync(dir, { recursive: true, force: true });
  log(
    `wiped ${relative(KAFKA_DATA_DIR)} (topics, records, offsets) and ${relative(MINISTACK_STATE_DIR)} (tables, emails)`,
  );
  return up(log);
}

function relative(dir: string): string {
  return path.relative(ROOT, dir);
}

export interface Status {
  ok: boolean;
  lines: string[];
}

/** What runs where, with the topics' partitions and the tables; ok is false when anything is missing. */
export async function status(): Promise<Status> {
  const topology = loadTopology(LOCAL.stage);
  const lines: string[] = [];
  let ok = true;
  const problem = (line: string) => {
    ok = false;
    lines.push(`  ✗ ${line}`);
  };

  if (await kafkaAnswers()) {
    const pid = kafkaPid();
    lines.push(
      `Kafka      ${KAFKA_BROKERS}  ${pid ? `started by infra:up (pid ${pid}, log ${KAFKA_LOG}, data ${relative(KAFKA_DATA_DIR)})` : 'external'}`,
    );
    const admin = localKafka('infra-status').admin();
    await admin.connect();
    try {
      const names = new Set(await admin.listTopics());
      const wanted = topology.topics.filter((topic) => names.has(topic.name));
      const metadata = wanted.length
        ? await admin.fetchTopicMetadata({ topics: wanted.map((t) => t.name) })
        : { topics: [] };
      for (const topic of topology.topics) {
        const found = metadata.topics.find((t) => t.name === topic.name);
        if (!found) problem(`topic ${topic.name} is missing (run npm run infra:up)`);
        else if (found.partitions.length !== topic.partitions) {
          problem(
            `topic ${topic.name} has ${found.partitions.length} partitions, expected ${topic.partitions}`,
          );
        } else lines.push(`  topic ${topic.name}  ${found.partitions.length} partitions`);
      }
    } finally {
      await admin.disconnect();
    }
  } else {
    problem(`Kafka does not answer on ${KAFKA_BROKERS}`);
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
