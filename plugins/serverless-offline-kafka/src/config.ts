import type { EventSource } from './event';
import { validateFilterPattern, type FilterPattern } from './filter';
import { effectiveRetryLimit, type RetryPolicy } from './retry';

/**
 * Reads the `msk` and `kafka` events of serverless.yml, plus this plugin's `custom` section, into what a
 * local event source mapping needs. Defaults are AWS's.
 */
export const CUSTOM_KEY = 'serverless-offline-kafka';

export type StartingPosition = 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';

export interface EventSourceSpec {
  functionKey: string;
  /** The deployed name (service-stage-function), which serverless-offline's Lambda API expects. */
  functionName: string;
  source: EventSource;
  topic: string;
  consumerGroupId: string;
  batchSize: number;
  batchingWindowMs: number;
  startingPosition: StartingPosition;
  startingPositionTimestampMs: number | undefined;
  enabled: boolean;
  filterPatterns: FilterPattern[];
  retry: RetryPolicy;
  /** Topic failed records go to once retries are exhausted (`kafka://<topic>` on AWS). */
  onFailureTopic: string | undefined;
  invocationTimeoutMs: number;
}

export interface ConsumerSettings {
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  rebalanceTimeoutMs: number;
  maxWaitTimeMs: number;
}

export interface PluginSettings {
  brokers: string[];
  consumer: ConsumerSettings;
}

/** The subset of the Serverless service this plugin reads. */
export interface ServiceView {
  service: string;
  provider: { region?: string; timeout?: number };
  custom?: Record<string, unknown>;
  getAllFunctions(): string[];
  getFunction(key: string): { name?: string; timeout?: number; events?: Array<Record<string, unknown>> };
}

export class KafkaEventSourceConfigError extends Error {
  constructor(message: string) {
    super(`serverless-offline-kafka: ${message}`);
    this.name = 'KafkaEventSourceConfigError';
  }
}

/** Lambda's defaults for Kafka event source mappings. */
const DEFAULT_BATCH_SIZE = 100;
const DEFAULT_BATCHING_WINDOW_MS = 500;
const DEFAULT_FUNCTION_TIMEOUT_S = 6;
/** Our HTTP wait beyond the function's own timeout, which serverless-offline enforces. */
const INVOKE_GRACE_MS = 5000;
const DEFAULT_RETRY_DELAY = { initialDelayMs: 500, maxDelayMs: 30_000 };
const DEFAULT_CONSUMER: ConsumerSettings = {
  sessionTimeoutMs: 10_000,
  heartbeatIntervalMs: 1000,
  rebalanceTimeoutMs: 30_000,
  maxWaitTimeMs: 500,
};

export function pluginSettings(custom: unknown, env: NodeJS.ProcessEnv): PluginSettings {
  const section = objectAt(custom, CUSTOM_KEY);
  const brokers = section.brokers ?? env.KAFKA_BROKERS ?? 'localhost:9092';
  const list = (Array.isArray(brokers) ? brokers.map(String) : String(brokers).split(','))
    .map((broker) => broker.trim())
    .filter(Boolean);
  if (list.length === 0) throw new KafkaEventSourceConfigError(`custom.${CUSTOM_KEY}.brokers is empty`);
  const consumer = objectAt(section, 'consumer');
  return {
    brokers: list,
    consumer: {
      sessionTimeoutMs: positive(
        consumer.sessionTimeoutMs,
        'consumer.sessionTimeoutMs',
        DEFAULT_CONSUMER.sessionTimeoutMs,
      ),
      heartbeatIntervalMs: positive(
        consumer.heartbeatIntervalMs,
        'consumer.heartbeatIntervalMs',
        DEFAULT_CONSUMER.heartbeatIntervalMs,
      ),
      rebalanceTimeoutMs: positive(
        consumer.rebalanceTimeoutMs,
        'consumer.rebalanceTimeoutMs',
        DEFAULT_CONSUMER.rebalanceTimeoutMs,
      ),
      maxWaitTimeMs: positive(
        consumer.maxWaitTimeMs,
        'consumer.maxWaitTimeMs',
        DEFAULT_CONSUMER.maxWaitTimeMs,
      ),
    },
  };
}

/**
 * One spec per `msk`/`kafka` event of every function, in serverless.yml order.
 * @throws KafkaEventSourceConfigError naming the function and setting that is wrong.
 */
export function eventSourceSpecs(service: ServiceView, stage: string): EventSourceSpec[] {
  const section = objectAt(service.custom, CUSTOM_KEY);
  const delays = objectAt(section, 'retryDelay');
  const retryDelay = {
    initialDelayMs: positive(delays.initialMs, 'retryDelay.initialMs', DEFAULT_RETRY_DELAY.initialDelayMs),
    maxDelayMs: positive(delays.maxMs, 'retryDelay.maxMs', DEFAULT_RETRY_DELAY.maxDelayMs),
  };
  return service.getAllFunctions().flatMap((functionKey) => {
    const fn = service.getFunction(functionKey);
    const functionName = fn.name ?? `${service.service}-${stage}-${functionKey}`;
    const timeoutS = fn.timeout ?? service.provider.timeout ?? DEFAULT_FUNCTION_TIMEOUT_S;
    const settings = objectAt(objectAt(section, 'functions'), functionKey);
    return (fn.events ?? []).flatMap((event, index) => {
      const type = 'msk' in event ? 'msk' : 'kafka' in event ? 'kafka' : undefined;
      if (type === undefined) return [];
      const where = `function ${functionKey}, event ${index + 1} (${type})`;
      const raw = objectAt(event, type);
      const spec = eventSpec(raw, type, where, service.provider.region ?? 'us-east-1');
      const onFailureTopic = failureTopic(settings, functionKey, spec.topic);
      return [
        {
          ...spec,
          functionKey,
          functionName,
          consumerGroupId: spec.consumerGroupId ?? `${functionName}-${spec.topic}`,
          retry: {
            maximumRetryAttempts: effectiveRetryLimit(
              retryAttempts(settings.maximumRetryAttempts, functionKey),
              onFailureTopic !== undefined,
            ),
            ...retryDelay,
          },
          onFailureTopic,
          invocationTimeoutMs: timeoutS * 1000 + INVOKE_GRACE_MS,
        },
      ];
    });
  });
}

function eventSpec(
  raw: Record<string, unknown>,
  type: 'msk' | 'kafka',
  where: string,
  region: string,
): Omit<
  EventSourceSpec,
  'functionKey' | 'functionName' | 'retry' | 'onFailureTopic' | 'invocationTimeoutMs' | 'consumerGroupId'
> & {
  consumerGroupId: string | undefined;
} {
  if (typeof raw.topic !== 'string' || raw.topic === '')
    throw new KafkaEventSourceConfigError(`${where} needs a topic`);
  const startingPosition = (raw.startingPosition ?? 'TRIM_HORIZON') as StartingPosition;
  if (!['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'].includes(startingPosition)) {
    throw new KafkaEventSourceConfigError(
      `${where}: startingPosition must be TRIM_HORIZON, LATEST or AT_TIMESTAMP`,
    );
  }
  const timestamp = raw.startingPositionTimestamp;
  if (startingPosition === 'AT_TIMESTAMP' && typeof timestamp !== 'number') {
    throw new KafkaEventSourceConfigError(
      `${where}: AT_TIMESTAMP needs startingPositionTimestamp (Unix seconds)`,
    );
  }
  const batchSize = raw.batchSize === undefined ? DEFAULT_BATCH_SIZE : Number(raw.batchSize);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
    throw new KafkaEventSourceConfigError(`${where}: batchSize must be a whole number from 1 to 10000`);
  const window = Number(raw.maximumBatchingWindow ?? 0);
  if (!(window >= 0 && window <= 300))
    throw new KafkaEventSourceConfigError(`${where}: maximumBatchingWindow must be 0 to 300 seconds`);
  const patterns = raw.filterPatterns ?? [];
  if (!Array.isArray(patterns))
    throw new KafkaEventSourceConfigError(`${where}: filterPatterns must be a list`);
  const consumerGroupId = raw.consumerGroupId;
  if (consumerGroupId !== undefined && typeof consumerGroupId !== 'string')
    throw new KafkaEventSourceConfigError(`${where}: consumerGroupId must be a string`);
  return {
    source: type === 'msk' ? { type, arn: mskArn(raw.arn, region) } : { type },
    topic: raw.topic,
    consumerGroupId,
    batchSize,
    // The framework leaves out a window of 0, so AWS applies its default: do the same.
    batchingWindowMs: window > 0 ? window * 1000 : DEFAULT_BATCHING_WINDOW_MS,
    startingPosition,
    startingPositionTimestampMs: typeof timestamp === 'number' ? timestamp * 1000 : undefined,
    enabled: raw.enabled === undefined ? true : raw.enabled === true || raw.enabled === 'true',
    filterPatterns: patterns.map((pattern, i) => {
      try {
        return validateFilterPattern(pattern, `filterPatterns[${i}]`);
      } catch (error) {
        throw new KafkaEventSourceConfigError(`${where}: ${(error as Error).message}`);
      }
    }),
  };
}

/** A cluster ARN given as a CloudFormation reference has no local value: stand in a recognisable one. */
function mskArn(arn: unknown, region: string): string {
  return typeof arn === 'string' ? arn : `arn:aws:kafka:${region}:000000000000:cluster/offline/local`;
}

function failureTopic(
  settings: Record<string, unknown>,
  functionKey: string,
  source: string,
): string | undefined {
  const destination = objectAt(objectAt(settings, 'destinationConfig'), 'onFailure').destination;
  if (destination === undefined || destination === null || destination === '') return undefined;
  const match = typeof destination === 'string' ? /^kafka:\/\/(.+)$/.exec(destination) : null;
  if (!match) {
    throw new KafkaEventSourceConfigError(
      `functions.${functionKey}.destinationConfig.onFailure.destination must be kafka://<topic> locally`,
    );
  }
  // AWS refuses a destination equal to the source topic: it would loop forever.
  if (match[1] === source)
    throw new KafkaEventSourceConfigError(
      `functions.${functionKey}: the failure destination is the source topic`,
    );
  return match[1];
}

function retryAttempts(value: unknown, functionKey: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const attempts = Number(value);
  if (!Number.isInteger(attempts) || attempts < -1 || attempts > 10_000) {
    throw new KafkaEventSourceConfigError(
      `functions.${functionKey}.maximumRetryAttempts must be -1 (forever) or 0 to 10000`,
    );
  }
  return attempts;
}

function positive(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const number = Number(value);
  if (!(number > 0))
    throw new KafkaEventSourceConfigError(`custom.${CUSTOM_KEY}.${name} must be a positive number`);
  return number;
}

function objectAt(parent: unknown, key: string): Record<string, unknown> {
  const value =
    typeof parent === 'object' && parent !== null ? (parent as Record<string, unknown>)[key] : undefined;
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
