import path from 'node:path';

/** Where the local infrastructure lives and listens. One place, used by the manager, tests and `npm run dev`. */
export const ROOT = path.resolve(__dirname, '..', '..');
export const LOCAL_DIR = path.join(ROOT, '.local');

export const LOCAL = {
  stage: 'local',
  region: 'us-east-1',
  kafkaHost: 'localhost',
  kafkaPort: 9092,
  kafkaControllerPort: 9093,
  awsHost: '127.0.0.1',
  awsPort: 4566,
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
