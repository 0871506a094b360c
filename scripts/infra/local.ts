import path from 'node:path';

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

export const KAFKA_BROKERS = `${LOCAL.kafkaHost}:${LOCAL.kafkaPort}`;
export const AWS_ENDPOINT_URL = `http://${LOCAL.awsHost}:${LOCAL.awsPort}`;

/**
 * The environment our code needs to talk to the local broker and emulator. The emulator accepts any
 * credentials; these dummy ones only keep the SDK from looking for real ones.
 */
export function localEnv(): Record<string, string> {
  return {
    AWS_ENDPOINT_URL,
    AWS_REGION: LOCAL.region,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    KAFKA_BROKERS,
  };
}
