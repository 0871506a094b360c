import { randomBytes, createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import {
  brokerAddresses,
  kafkaLayout,
  LOCAL,
  LOCAL_DIR,
  ROOT,
  SINGLE_NODE,
  STATE_DIR,
  type KafkaLayout,
  type KafkaNode,
} from './local';
import { isAlive, readPid, run, startDaemon, stopDaemon, tailFile, toolOutput, waitUntil } from './processes';
import { waitForStart } from './readiness';

/**
 * Apache Kafka 4 in KRaft mode, run from its Maven jars with the machine's Java: one combined broker +
 * controller (the default), or three brokers and a dedicated controller. Everything it writes stays
 * under .local/kafka (the jars and the single node) and .local/kafka-cluster (the cluster's nodes).
 */
const DIR = path.join(STATE_DIR, 'kafka');
/** The jars are installed once and shared by every copy (LOCAL_INFRA) of the local infrastructure. */
const LIB = path.join(LOCAL_DIR, 'kafka', 'lib');
const CLUSTER_DIR = path.join(STATE_DIR, 'kafka-cluster');
const POM = path.join(ROOT, 'infra', 'kafka', 'pom.xml');
/** Records, consumer offsets and the cluster's metadata; kept across restarts (`npm run infra:reset` wipes it). */
export const KAFKA_DATA_DIR = path.join(DIR, 'data');
export const KAFKA_LOG = path.join(DIR, 'logs', 'server.log');

/** Where one node keeps its settings, data, log and pid file. */
export interface NodeFiles {
  node: KafkaNode;
  /** What logs and errors call it: "Kafka", "Kafka broker 2", "Kafka controller". */
  name: string;
  dir: string;
  dataDir: string;
  config: string;
  logFile: string;
  pidFile: string;
}

export function nodeFiles(layout: KafkaLayout, node: KafkaNode): NodeFiles {
  if (layout.kind === 'single') {
    // The single node's paths predate the cluster: kept, so existing data and pid files stay valid.
    return {
      node,
      name: 'Kafka',
      dir: DIR,
      dataDir: path.join(DIR, 'data'),
      config: path.join(DIR, 'server.properties'),
      logFile: KAFKA_LOG,
      pidFile: path.join(DIR, 'kafka.pid'),
    };
  }
  const broker = node.roles.includes('broker');
  const dir = path.join(CLUSTER_DIR, broker ? `broker-${node.nodeId}` : 'controller');
  return {
    node,
    name: broker ? `Kafka broker ${node.nodeId}` : 'Kafka controller',
    dir,
    dataDir: path.join(dir, 'data'),
    config: path.join(dir, 'server.properties'),
    logFile: path.join(dir, 'server.log'),
    pidFile: path.join(dir, 'kafka.pid'),
  };
}

/** The single node's settings (the default layout). */
export function serverProperties(dataDir: string): string {
  return nodeProperties(SINGLE_NODE, SINGLE_NODE.nodes[0]!, dataDir);
}

/**
 * The settings of one node of a layout. In the cluster, every topic gets 3 replicas and
 * `min.insync.replicas=2`, internal topics too; the controller fences a broker that stopped
 * heartbeating after 3 s (Kafka's default is 9 s), which is what bounds a leader election after a crash.
 */
export function nodeProperties(layout: KafkaLayout, node: KafkaNode, dataDir: string): string {
  const host = LOCAL.kafkaHost;
  const voters = layout.nodes
    .filter((n) => n.roles.includes('controller'))
    .map((n) => `${n.nodeId}@${host}:${n.controllerPort}`)
    .join(',');
  const listeners = [
    ...(node.port !== undefined ? [`PLAINTEXT://${host}:${node.port}`] : []),
    ...(node.controllerPort !== undefined ? [`CONTROLLER://${host}:${node.controllerPort}`] : []),
  ];
  const rf = layout.replicationFactor;
  const minIsr = layout.minInsyncReplicas;
  return [
    `process.roles=${node.roles.join(',')}`,
    `node.id=${node.nodeId}`,
    `controller.quorum.voters=${voters}`,
    `listeners=${listeners.join(',')}`,
    ...(node.port !== undefined
      ? [`advertised.listeners=PLAINTEXT://${host}:${node.port}`, 'inter.broker.listener.name=PLAINTEXT']
      : []),
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${dataDir}`,
    // Topics created without settings (a client's auto-creation) get the same as provisioned ones; the
    // controller applies these on creation, so it needs them as well as the brokers.
    'num.partitions=3',
    `default.replication.factor=${rf}`,
    `min.insync.replicas=${minIsr}`,
    'auto.create.topics.enable=true',
    'unclean.leader.election.enable=false',
    `offsets.topic.replication.factor=${rf}`,
    // The default of 50 partitions makes the first consumer-group join take seconds.
    'offsets.topic.num.partitions=1',
    `transaction.state.log.replication.factor=${rf}`,
    `transaction.state.log.min.isr=${minIsr}`,
    `share.coordinator.state.topic.replication.factor=${rf}`,
    `share.coordinator.state.topic.min.isr=${minIsr}`,
    'group.initial.rebalance.delay.ms=0',
    'log.retention.hours=168',
    ...(layout.kind === 'cluster'
      ? ['broker.session.timeout.ms=3000', 'broker.heartbeat.interval.ms=500']
      : []),
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

/** The pid of each node of the layout this project runs, by node id; dead or foreign nodes are absent. */
export function kafkaPids(layout: KafkaLayout = kafkaLayout()): Map<number, number> {
  const pids = new Map<number, number>();
  for (const node of layout.nodes) {
    const pid = readPid(nodeFiles(layout, node).pidFile);
    if (pid !== undefined) pids.set(node.nodeId, pid);
  }
  return pids;
}

/**
 * 16 random bytes, base64url. One id in 64 would start with '-', which `kafka-storage format -t` reads as
 * an option ("expected one argument"): drawn again, as Kafka's own Uuid.randomUuid does.
 */
export function newClusterId(random: () => Buffer = () => randomBytes(16)): string {
  for (;;) {
    const id = random().toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * A KRaft cluster id is 16 random bytes, base64url without padding. Every node of a cluster is
 * formatted with the same one, kept next to the nodes so a node whose data was removed rejoins.
 */
export function clusterId(layout: KafkaLayout, clusterDir = CLUSTER_DIR): string {
  if (layout.kind === 'single') return newClusterId();
  const file = path.join(clusterDir, 'cluster-id');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(clusterDir, { recursive: true });
    fs.writeFileSync(file, newClusterId());
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * Starts the given nodes of the layout (all of them by default), formatting each one's storage the first
 * time, and waits until every broker of the layout answers and is registered with the controller.
 */
export async function startKafka(
  log: (line: string) => void,
  layout: KafkaLayout = kafkaLayout(),
  nodes: readonly KafkaNode[] = layout.nodes,
): Promise<void> {
  const classpath = `${LIB}/*`;
  const log4j = path.join(DIR, 'log4j2.properties');
  fs.mkdirSync(DIR, { recursive: true });
  fs.writeFileSync(log4j, LOG4J2);
  const started: Array<{ files: NodeFiles; pid: number }> = [];
  for (const node of nodes) {
    const files = nodeFiles(layout, node);
    fs.mkdirSync(files.dataDir, { recursive: true });
    fs.writeFileSync(files.config, nodeProperties(layout, node, files.dataDir));
    if (!fs.existsSync(path.join(files.dataDir, 'meta.properties'))) {
      const id = clusterId(layout);
      run('java', ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', id, '-c', files.config]);
    }
    const isController = !node.roles.includes('broker');
    const heap = isController ? '256m' : layout.kind === 'single' ? '512m' : '384m';
    const pid = startDaemon({
      name: files.name,
      command: 'java',
      args: [
        `-Xms${heap}`,
        `-Xmx${heap}`,
        '-XX:+UseG1GC',
        `-Dlog4j2.configurationFile=${log4j}`,
        '-cp',
        classpath,
        'kafka.Kafka',
        files.config,
      ],
      logFile: files.logFile,
      pidFile: files.pidFile,
    });
    started.push({ files, pid });
  }
  const brokers = brokerAddresses(layout).join(', ');
  log(
    started.length > 0
      ? `starting ${started.map(({ files }) => files.name).join(', ')} (${brokers})`
      : `waiting for every broker to join (${brokers})`,
  );
  if (started.length === 0) {
    // Every node runs; a broker that has not joined yet is given the time a start would be.
    await waitUntil('Kafka did not start', () => allBrokersRegistered(layout), { timeoutMs: 90_000 });
    return;
  }
  const [first] = started;
  const tookMs = await waitForStart({
    what: started.length === 1 ? first!.files.name : 'Kafka',
    answers: async () => {
      const dead = started.find(({ pid }) => !isAlive(pid));
      if (dead) {
        throw new Error(
          `${dead.files.name} did not start: the process exited; its log (${dead.files.logFile}) ends:\n${tailFile(dead.files.logFile)}`,
        );
      }
      return allBrokersRegistered(layout);
    },
    pid: first!.pid,
    logFile: first!.files.logFile,
    log,
    // A JVM start plus recovering the logs of an unclean stop; seconds on an idle machine.
    patienceMs: 60_000,
  });
  if (tookMs > 15_000) log(`Kafka answered after ${(tookMs / 1000).toFixed(0)} s`);
}

/**
 * The pid of the layout's first node this project started: the single node's, which the fault suite and
 * the benchmarks stop and start.
 */
export function kafkaPid(layout: KafkaLayout = kafkaLayout()): number | undefined {
  return kafkaPids(layout).values().next().value;
}

/**
 * Stops every node of the layout this project started (brokers first: they hand leadership over), with
 * SIGTERM so each closes its logs cleanly. Returns the names of those it stopped; one that had to be killed
 * after the grace period says so.
 */
export async function stopKafka(
  layout: KafkaLayout = kafkaLayout(),
  nodeIds?: readonly number[],
): Promise<string[]> {
  const chosen = layout.nodes.filter((node) => nodeIds === undefined || nodeIds.includes(node.nodeId));
  const stopAll = async (nodes: KafkaNode[]) => {
    const files = nodes.map((node) => nodeFiles(layout, node));
    const outcomes = await Promise.all(files.map((f) => stopDaemon(f.pidFile, 30_000)));
    return files.flatMap((f, i) => {
      if (outcomes[i] === 'killed') return [`${f.name} (killed: it did not stop within 30 s)`];
      return outcomes[i] ? [f.name] : [];
    });
  };
  const brokers = await stopAll(chosen.filter((node) => node.roles.includes('broker')));
  const controllers = await stopAll(chosen.filter((node) => !node.roles.includes('broker')));
  return [...brokers, ...controllers];
}

function probe(brokers: string[]) {
  return new Kafka({
    clientId: 'infra-probe',
    brokers,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
}

/** True when a Kafka broker answers a metadata request on one of the layout's bootstrap addresses. */
export async function kafkaAnswers(layout: KafkaLayout = kafkaLayout()): Promise<boolean> {
  return (await registeredBrokers(layout)) !== undefined;
}

/** True when every broker of the layout is registered (unfenced) and answers. */
export async function allBrokersRegistered(layout: KafkaLayout = kafkaLayout()): Promise<boolean> {
  return (await registeredBrokers(layout))?.length === brokerAddresses(layout).length;
}

/** The node ids of the brokers the cluster reports alive, or undefined when no broker answers. */
export async function registeredBrokers(layout: KafkaLayout = kafkaLayout()): Promise<number[] | undefined> {
  const admin = probe(brokerAddresses(layout));
  try {
    await admin.connect();
    const { brokers } = await admin.describeCluster();
    return brokers.map((broker) => broker.nodeId).sort();
  } catch {
    return undefined;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
