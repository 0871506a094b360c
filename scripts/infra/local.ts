import path from 'node:path';
import { isPortOpen } from './processes';

/** Where the local infrastructure lives and listens. One place, used by the manager, tests and `npm run dev`. */
export const ROOT = path.resolve(__dirname, '..', '..');
/** What is installed once and shared: the Python venvs, Kafka's jars, caches. */
export const LOCAL_DIR = path.join(ROOT, '.local');

/**
 * A second copy of the local infrastructure, with ports and state of its own, for the fault suite: it
 * stops and freezes its broker and emulator, which must not be the ones `npm run dev` or the integration
 * tests use at the same time. `LOCAL_INFRA=faults` selects it; unset is the usual one.
 */
const INSTANCES = {
  '': { kafkaPort: 9092, kafkaControllerPort: 9093, awsPort: 4566 },
  faults: { kafkaPort: 18092, kafkaControllerPort: 18093, awsPort: 14566 },
} as const;

function instance(name = process.env.LOCAL_INFRA?.trim() ?? ''): keyof typeof INSTANCES {
  if (!Object.hasOwn(INSTANCES, name)) {
    throw new Error(
      `LOCAL_INFRA must be unset or one of ${Object.keys(INSTANCES).filter(Boolean).join(', ')}`,
    );
  }
  return name as keyof typeof INSTANCES;
}

export const LOCAL_INFRA = instance();
/** What a running broker and emulator keep: data, logs, pid files. */
export const STATE_DIR = LOCAL_INFRA ? path.join(LOCAL_DIR, 'instances', LOCAL_INFRA) : LOCAL_DIR;

export const LOCAL = {
  stage: 'local',
  region: 'us-east-1',
  kafkaHost: 'localhost',
  awsHost: '127.0.0.1',
  ...INSTANCES[LOCAL_INFRA],
} as const;

export const AWS_ENDPOINT_URL = `http://${LOCAL.awsHost}:${LOCAL.awsPort}`;

/** One process of the local Kafka: a broker clients bootstrap from, a KRaft controller, or both in one. */
export interface KafkaNode {
  nodeId: number;
  roles: Array<'broker' | 'controller'>;
  /** The PLAINTEXT listener clients use; brokers only. */
  port?: number;
  /** The CONTROLLER listener of KRaft; controllers only, never a client's bootstrap. */
  controllerPort?: number;
}

/**
 * How the local Kafka is laid out. `single`: one combined broker + controller, fast to start, what the
 * tests use. `cluster`: three brokers and a dedicated KRaft controller, replication factor 3 and
 * `min.insync.replicas=2`, as MSK runs it (docs/kafka.md says why a dedicated controller).
 */
export interface KafkaLayout {
  kind: 'single' | 'cluster';
  nodes: KafkaNode[];
  /** What every topic is created with, and the internal topics too. */
  replicationFactor: number;
  minInsyncReplicas: number;
}

export const SINGLE_NODE: KafkaLayout = {
  kind: 'single',
  nodes: [
    {
      nodeId: 1,
      roles: ['broker', 'controller'],
      port: LOCAL.kafkaPort,
      controllerPort: LOCAL.kafkaControllerPort,
    },
  ],
  replicationFactor: 1,
  minInsyncReplicas: 1,
};

export const CLUSTER: KafkaLayout = {
  kind: 'cluster',
  nodes: [
    { nodeId: 1, roles: ['broker'], port: 19092 },
    { nodeId: 2, roles: ['broker'], port: 29092 },
    { nodeId: 3, roles: ['broker'], port: 39092 },
    { nodeId: 4, roles: ['controller'], controllerPort: 19093 },
  ],
  replicationFactor: 3,
  minInsyncReplicas: 2,
};

/** host:port of each broker of the layout: the bootstrap list clients get. */
export function brokerAddresses(layout: KafkaLayout): string[] {
  return layout.nodes
    .filter((node) => node.port !== undefined)
    .map((node) => `${LOCAL.kafkaHost}:${node.port}`);
}

/** The environment variable that picks the layout when no `--brokers` option does: 1 or 3. */
export const BROKER_COUNT_ENV = 'KAFKA_BROKERS_COUNT';

/** The layout for a broker count given by `--brokers` or KAFKA_BROKERS_COUNT; undefined when not given. */
export function layoutForCount(value: string | undefined, source: string): KafkaLayout | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (value.trim() === '1') return SINGLE_NODE;
  if (value.trim() === '3') return CLUSTER;
  throw new Error(
    `${source} must be 1 (one combined node) or 3 (a cluster of three brokers), not "${value}"`,
  );
}

let chosen: KafkaLayout | undefined;

/**
 * The layout this process works with: the one `chooseKafkaLayout` picked, else KAFKA_BROKERS_COUNT, else
 * the single node. Tests get the single node unless they ask for the cluster.
 */
export function kafkaLayout(): KafkaLayout {
  return (chosen ??= layoutForCount(process.env[BROKER_COUNT_ENV], BROKER_COUNT_ENV) ?? SINGLE_NODE);
}

/**
 * Picks the layout for a command: its `--brokers` value, else KAFKA_BROKERS_COUNT, else the cluster when one
 * of its nodes listens (started by `infra:up -- --brokers 3` or docker compose's profile), else the single
 * node. Every command after `infra:up -- --brokers 3` so works with the cluster.
 */
export async function chooseKafkaLayout(brokersOption?: string): Promise<KafkaLayout> {
  const explicit =
    layoutForCount(brokersOption, '--brokers') ??
    layoutForCount(process.env[BROKER_COUNT_ENV], BROKER_COUNT_ENV);
  chosen = explicit ?? ((await clusterListens()) ? CLUSTER : SINGLE_NODE);
  return chosen;
}

/** True when any node of the cluster listens: a cluster that lost a broker is still the cluster. */
async function clusterListens(): Promise<boolean> {
  const ports = CLUSTER.nodes.flatMap((node) => [node.port, node.controllerPort]);
  const open = await Promise.all(ports.filter((p) => p !== undefined).map((port) => isPortOpen(port)));
  return open.some(Boolean);
}

/**
 * Splits `--brokers N` (or `--brokers=N`) from the arguments a command passes on (npm run dev → serverless
 * offline, which would refuse an option it does not know).
 */
export function takeBrokersOption(args: readonly string[]): { brokers: string | undefined; rest: string[] } {
  let brokers: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--brokers') brokers = args[++i] ?? '';
    else if (arg.startsWith('--brokers=')) brokers = arg.slice('--brokers='.length);
    else rest.push(arg);
  }
  return { brokers, rest };
}

/** The bootstrap list of the current layout, comma-separated as KAFKA_BROKERS takes it. */
export function kafkaBrokers(): string {
  return brokerAddresses(kafkaLayout()).join(',');
}

/**
 * The environment our code needs to talk to the local broker(s) and emulator. The emulator accepts any
 * credentials; these dummy ones only keep the SDK from looking for real ones. serverless.yml reads
 * KAFKA_BROKERS for the local stage, so offline's functions and its Kafka plugin follow the layout.
 */
export function localEnv(): Record<string, string> {
  return {
    AWS_ENDPOINT_URL,
    AWS_REGION: LOCAL.region,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    KAFKA_BROKERS: kafkaBrokers(),
  };
}
