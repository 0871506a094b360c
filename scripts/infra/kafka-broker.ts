import { randomBytes, createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { KAFKA_BROKERS, LOCAL, LOCAL_DIR, ROOT, STATE_DIR } from './local';
import { readPid, run, startDaemon, stopDaemon, toolOutput } from './processes';
import { waitForStart } from './readiness';

/**
 * A single-node Apache Kafka 4 in KRaft mode (combined broker + controller), run from its Maven jars with
 * the machine's Java. Everything it writes stays under .local/kafka.
 */
const DIR = path.join(STATE_DIR, 'kafka');
const LIB = path.join(LOCAL_DIR, 'kafka', 'lib');
const POM = path.join(ROOT, 'infra', 'kafka', 'pom.xml');
const PID_FILE = path.join(DIR, 'kafka.pid');
/** Records, consumer offsets and the cluster's metadata; kept across restarts (`npm run infra:reset` wipes it). */
export const KAFKA_DATA_DIR = path.join(DIR, 'data');
export const KAFKA_LOG = path.join(DIR, 'logs', 'server.log');

/** The broker's settings; the design's 7-day retention; defaults tuned for a fast single-node start. */
export function serverProperties(dataDir: string): string {
  const { kafkaHost: host, kafkaPort: port, kafkaControllerPort: controller } = LOCAL;
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${host}:${controller}`,
    `listeners=PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controller}`,
    `advertised.listeners=PLAINTEXT://${host}:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=3',
    'auto.create.topics.enable=true',
    'offsets.topic.replication.factor=1',
    // The default of 50 partitions makes the first consumer-group join take seconds.
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'log.retention.hours=168',
    '',
  ].join('\n');
}

const LOG4J2 = [
  'status = warn',
  'appender.console.type = Console',
  'appender.console.name = console',
  'appender.console.layout.type = PatternLayout',
  'appender.console.layout.pattern = [%d] %p %m (%c)%n',
  'rootLogger.level = warn',
  'rootLogger.appenderRef.console.ref = console',
  'logger.raft.name = kafka.server.KafkaRaftServer',
  'logger.raft.level = info',
  '',
].join('\n');

export function kafkaJavaMissing(): string | undefined {
  const version = toolOutput('java', ['-version']);
  if (version === undefined) return 'Java 17 or newer is not installed (java not on PATH)';
  const major = Number(/version "(\d+)/.exec(version)?.[1]);
  if (!(major >= 17)) return `Kafka 4 needs Java 17 or newer; java -version says ${major || 'unknown'}`;
  return undefined;
}

/** Copies the broker's jars with Maven the first time, or again when infra/kafka/pom.xml changes. */
export function installKafka(log: (line: string) => void): void {
  const pomHash = createHash('sha256').update(fs.readFileSync(POM)).digest('hex');
  const marker = path.join(LIB, '.pom-sha256');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === pomHash) return;
  if (toolOutput('mvn', ['-v']) === undefined) {
    throw new Error(
      'Maven is not installed (mvn not on PATH): install Maven, or use `docker compose up` instead',
    );
  }
  log('fetching the Kafka broker jars with Maven (first run only)');
  fs.rmSync(LIB, { recursive: true, force: true });
  run('mvn', [
    '-q',
    '-B',
    '-f',
    POM,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${LIB}`,
    '-DincludeScope=runtime',
  ]);
  fs.writeFileSync(marker, pomHash);
}

export function kafkaPid(): number | undefined {
  return readPid(PID_FILE);
}

/** Formats the storage once, starts the broker and waits until it answers metadata requests. */
export async function startKafka(log: (line: string) => void): Promise<void> {
  const dataDir = KAFKA_DATA_DIR;
  const config = path.join(DIR, 'server.properties');
  const log4j = path.join(DIR, 'log4j2.properties');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(config, serverProperties(dataDir));
  fs.writeFileSync(log4j, LOG4J2);
  const classpath = `${LIB}/*`;
  if (!fs.existsSync(path.join(dataDir, 'meta.properties'))) {
    // A KRaft cluster id is 16 random bytes, base64url without padding.
    const clusterId = randomBytes(16).toString('base64url');
    run('java', ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', config]);
  }
  log(`starting Kafka on ${KAFKA_BROKERS}`);
  const pid = startDaemon({
    name: 'Kafka',
    command: 'java',
    args: [
      '-Xms512m',
      '-Xmx512m',
      '-XX:+UseG1GC',
      `-Dlog4j2.configurationFile=${log4j}`,
      '-cp',
      classpath,
      'kafka.Kafka',
      config,
    ],
    logFile: KAFKA_LOG,
    pidFile: PID_FILE,
  });
  const tookMs = await waitForStart({
    what: 'Kafka',
    answers: () => kafkaAnswers(),
    pid,
    logFile: KAFKA_LOG,
    log,
    // A JVM start plus recovering the logs of an unclean stop; seconds on an idle machine.
    patienceMs: 60_000,
  });
  if (tookMs > 15_000) log(`Kafka answered after ${(tookMs / 1000).toFixed(0)} s`);
}

/** SIGTERM lets the broker close its logs cleanly; 'killed' means it had to be killed after the grace period. */
export async function stopKafka(): Promise<'stopped' | 'killed' | undefined> {
  return stopDaemon(PID_FILE, 30_000);
}

/** True when a Kafka broker answers a metadata request on the local bootstrap address. */
export async function kafkaAnswers(brokers = KAFKA_BROKERS): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'infra-probe',
    brokers: [brokers],
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
