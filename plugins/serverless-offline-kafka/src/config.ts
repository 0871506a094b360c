import type { EventSource } from './event';
import { validateFilterPattern, type FilterPattern } from './filter';
import { effectiveRetryLimit, type RetryPolicy } from './retry';

/**
 * Reads each `msk` and `kafka` event of serverless.yml into what a local event source mapping needs, the
 * way it is deployed: first the `AWS::Lambda::EventSourceMapping` properties the framework generates from
 * the event, then whatever `resources.extensions.<mapping id>.Properties` overrides — the only place
 * serverless.yml can say what the events cannot (a batching window of 0, partial batch responses, retries,
 * record age, bisect, the failure destination). One source: what deploys is what runs locally.
 * Defaults are AWS's.
 */
export const CUSTOM_KEY = 'serverless-offline-kafka';

export type StartingPosition = 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';

/** Where the event source mapping sends what it gives up on. Only Kafka topics are reproduced locally. */
export type FailureDestination = { type: 'kafka'; topic: string } | { type: 'other'; arn: string };

export interface EventSourceSpec {
  functionKey: string;
  /** The deployed name (service-stage-function), which serverless-offline's Lambda API expects. */
  functionName: string;
  /** What the failure destination record names as `functionArn` (account from the cluster ARN if known). */
  functionArn: string;
  /** The CloudFormation logical id of the generated mapping: the key `resources.extensions` uses. */
  mappingId: string;
  source: EventSource;
  topic: string;
  consumerGroupId: string;
  batchSize: number;
  /** 0 invokes as soon as records arrive. */
  batchingWindowMs: number;
  startingPosition: StartingPosition;
  startingPositionTimestampMs: number | undefined;
  enabled: boolean;
  filterPatterns: FilterPattern[];
  /** ProvisionedPollerConfig; AWS offers the error handling controls below only in provisioned mode. */
  provisioned: { minimumPollers: number | undefined; maximumPollers: number | undefined } | undefined;
  /** FunctionResponseTypes contains ReportBatchItemFailures. */
  reportBatchItemFailures: boolean;
  bisectBatchOnFunctionError: boolean;
  /** MaximumRecordAgeInSeconds in ms; undefined is AWS's -1 (records never expire). */
  maximumRecordAgeMs: number | undefined;
  retry: RetryPolicy;
  destination: FailureDestination | undefined;
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
  resources?: { extensions?: Record<string, unknown> } | Record<string, unknown>;
  getAllFunctions(): string[];
  getFunction(key: string): { name?: string; timeout?: number; events?: Array<Record<string, unknown>> };
}

/** The framework's naming of generated resources (`serverless.getProvider('aws').naming`). */
export interface MappingNaming {
  getMSKEventLogicalId(functionKey: string, clusterName: string, topic: string): string;
  getKafkaEventLogicalId(functionKey: string, topic: string): string;
}

export class KafkaEventSourceConfigError extends Error {
  constructor(message: string) {
    super(`serverless-offline-kafka: ${message}`);
    this.name = 'KafkaEventSourceConfigError';
  }
}

/** Lambda's defaults and limits for Kafka event source mappings. */
const DEFAULT_BATCH_SIZE = 100;
const DEFAULT_BATCHING_WINDOW_MS = 500;
const DEFAULT_FUNCTION_TIMEOUT_S = 6;
/** Kafka mappings only support functions whose timeout is at most 14 minutes. */
export const MAX_KAFKA_FUNCTION_TIMEOUT_S = 14 * 60;
const MIN_RECORD_AGE_S = 60;
const MAX_RECORD_AGE_S = 604_800;
/** Our HTTP wait beyond the function's own timeout, which serverless-offline enforces. */
const INVOKE_GRACE_MS = 5000;
const DEFAULT_RETRY_DELAY = { initialDelayMs: 500, maxDelayMs: 30_000 };
const DEFAULT_CONSUMER: ConsumerSettings = {
  sessionTimeoutMs: 10_000,
  heartbeatIntervalMs: 1000,
  rebalanceTimeoutMs: 30_000,
  maxWaitTimeMs: 500,
};
/** Settings AWS applies to Kafka mappings only in provisioned mode. */
const PROVISIONED_ONLY = [
  'FunctionResponseTypes',
  'BisectBatchOnFunctionError',
  'MaximumRecordAgeInSeconds',
  'MaximumRetryAttempts',
  'DestinationConfig',
] as const;

export function pluginSettings(custom: unknown, env: NodeJS.ProcessEnv): PluginSettings {
  const section = objectAt(custom, CUSTOM_KEY);
  const brokers = section.brokers ?? env.KAFKA_BROKERS ?? 'localhost:9092';
  const list = (Array.isArray(brokers) ? brokers.map(String) : String(brokers).split(','))
    .map((broker) => broker.trim())
    .filter(Boolean);
  if (list.length === 0) throw new KafkaEventSourceConfigError(`custom.${CUSTOM_KEY}.brokers is empty`);
  const consumer = objectAt(section, 'consumer');
  const setting = (name: keyof ConsumerSettings) =>
    positive(consumer[name], `consumer.${name}`, DEFAULT_CONSUMER[name]);
  return {
    brokers: list,
    consumer: {
      sessionTimeoutMs: setting('sessionTimeoutMs'),
      heartbeatIntervalMs: setting('heartbeatIntervalMs'),
      rebalanceTimeoutMs: setting('rebalanceTimeoutMs'),
      maxWaitTimeMs: setting('maxWaitTimeMs'),
    },
  };
}

export interface EventSources {
  specs: EventSourceSpec[];
  /** Things AWS would do differently or refuse, said once at start. */
  warnings: string[];
}

/**
 * One spec per `msk`/`kafka` event of every function, in serverless.yml order.
 * @throws KafkaEventSourceConfigError naming the function and setting that is wrong.
 */
export function eventSources(
  service: ServiceView,
  stage: string,
  naming: MappingNaming = frameworkNaming,
): EventSources {
  const section = objectAt(service.custom, CUSTOM_KEY);
  const delays = objectAt(section, 'retryDelay');
  const retryDelay = {
    initialDelayMs: positive(delays.initialMs, 'retryDelay.initialMs', DEFAULT_RETRY_DELAY.initialDelayMs),
    maxDelayMs: positive(delays.maxMs, 'retryDelay.maxMs', DEFAULT_RETRY_DELAY.maxDelayMs),
  };
  if ('functions' in section) {
    throw new KafkaEventSourceConfigError(
      `custom.${CUSTOM_KEY}.functions is no longer read: set MaximumRetryAttempts, DestinationConfig and the ` +
        'other mapping settings in resources.extensions.<mapping id>.Properties, where the deploy reads them too',
    );
  }
  const extensions = objectAt(service.resources, 'extensions');
  const region = service.provider.region ?? 'us-east-1';
  const specs: EventSourceSpec[] = [];
  const warnings: string[] = [];
  for (const functionKey of service.getAllFunctions()) {
    const fn = service.getFunction(functionKey);
    const functionName = fn.name ?? `${service.service}-${stage}-${functionKey}`;
    const timeoutS = Number(fn.timeout ?? service.provider.timeout ?? DEFAULT_FUNCTION_TIMEOUT_S);
    (fn.events ?? []).forEach((event, index) => {
      const type = 'msk' in event ? 'msk' : 'kafka' in event ? 'kafka' : undefined;
      if (type === undefined) return;
      const raw = objectAt(event, type);
      const where = `function ${functionKey}, event ${index + 1} (${type})`;
      if (typeof raw.topic !== 'string' || raw.topic === '')
        throw new KafkaEventSourceConfigError(`${where} needs a topic`);
      const mappingId =
        type === 'msk'
          ? naming.getMSKEventLogicalId(functionKey, clusterNameToken(raw.arn), raw.topic)
          : naming.getKafkaEventLogicalId(functionKey, raw.topic);
      const generated = mappingPropertiesOf(type, raw);
      const override = objectAt(objectAt(extensions, mappingId), 'Properties');
      // The framework merges an extension's Properties over the generated ones key by key, as done here.
      const properties = { ...generated, ...override };
      const spec = specFromMapping(properties, {
        type,
        where: Object.keys(override).length > 0 ? `${where} (with resources.extensions.${mappingId})` : where,
        functionKey,
        functionName,
        mappingId,
        region,
        timeoutS,
        retryDelay,
      });
      specs.push(spec);
      warnings.push(...warningsFor(spec, properties, timeoutS));
    });
  }
  refuseOrphanExtensions(extensions, specs);
  return { specs, warnings };
}

/**
 * The deploy stops on an extension of a resource the stack does not generate (`Cannot extend … as it's not
 * found in generated stack`). Without the same check here, a Kafka mapping whose id no longer matches its
 * extension (a renamed function, topic or cluster reference changes the id) would quietly run locally
 * without those settings: no partial batch responses (the records a function names as failed would be
 * committed as done), other retries, another batching window.
 */
function refuseOrphanExtensions(extensions: Record<string, unknown>, specs: EventSourceSpec[]): void {
  const generated = new Set(specs.map((spec) => spec.mappingId));
  const orphans = Object.keys(extensions).filter((id) => KAFKA_MAPPING_ID.test(id) && !generated.has(id));
  if (orphans.length === 0) return;
  const known = generated.size > 0 ? [...generated].join(', ') : 'none';
  throw new KafkaEventSourceConfigError(
    `resources.extensions.${orphans.join(', resources.extensions.')} extends no Kafka event source mapping ` +
      `of this service (the msk/kafka events generate: ${known}); a renamed function, topic or cluster ` +
      'reference changes the id, and the deploy refuses such an extension too',
  );
}

/** What the framework's logical ids of Kafka mappings look like: <Function>EventSourceMapping{MSK,Kafka}…. */
const KAFKA_MAPPING_ID = /^[0-9A-Za-z]+EventSourceMapping(MSK|Kafka)[0-9A-Za-z]*$/;

/**
 * The mapping properties the framework generates for an event (lib/plugins/aws/package/compile/events):
 * note that a falsy batchSize or maximumBatchingWindow (a window of 0) is left out.
 */
export function mappingPropertiesOf(
  type: 'msk' | 'kafka',
  event: Record<string, unknown>,
): Record<string, unknown> {
  const props: Record<string, unknown> = {
    StartingPosition: event.startingPosition ?? 'TRIM_HORIZON',
    Topics: [event.topic],
  };
  if (type === 'msk') props.EventSourceArn = event.arn;
  if (event.startingPositionTimestamp != null)
    props.StartingPositionTimestamp = event.startingPositionTimestamp;
  if (event.batchSize) props.BatchSize = event.batchSize;
  if (event.maximumBatchingWindow) props.MaximumBatchingWindowInSeconds = event.maximumBatchingWindow;
  if (event.consumerGroupId) {
    props[type === 'msk' ? 'AmazonManagedKafkaEventSourceConfig' : 'SelfManagedKafkaEventSourceConfig'] = {
      ConsumerGroupId: event.consumerGroupId,
    };
  }
  if (event.enabled != null) props.Enabled = event.enabled;
  if (event.filterPatterns !== undefined) {
    // The framework maps each pattern to a JSON string; a value that is not a list is reported by the reader.
    props.FilterCriteria = Array.isArray(event.filterPatterns)
      ? { Filters: event.filterPatterns.map((pattern: unknown) => ({ Pattern: JSON.stringify(pattern) })) }
      : { Filters: event.filterPatterns };
  }
  const pollers = event.provisionedPollerConfig;
  if (typeof pollers === 'object' && pollers !== null) {
    const { minimumPollers, maximumPollers } = pollers as Record<string, unknown>;
    props.ProvisionedPollerConfig = {
      ...(minimumPollers != null ? { MinimumPollers: minimumPollers } : {}),
      ...(maximumPollers != null ? { MaximumPollers: maximumPollers } : {}),
    };
  }
  return props;
}

export interface MappingContext {
  type: 'msk' | 'kafka';
  where: string;
  functionKey: string;
  functionName: string;
  mappingId: string;
  region: string;
  timeoutS: number;
  retryDelay?: { initialDelayMs: number; maxDelayMs: number };
}

/**
 * What a local event source does, from the properties of an `AWS::Lambda::EventSourceMapping` (as
 * generated and extended, or read back from a packaged template).
 * @throws KafkaEventSourceConfigError naming the setting that is wrong.
 */
export function specFromMapping(props: Record<string, unknown>, context: MappingContext): EventSourceSpec {
  const { where } = context;
  const fail = (message: string) => new KafkaEventSourceConfigError(`${where}: ${message}`);
  const topics = props.Topics;
  const topic = Array.isArray(topics) && topics.length === 1 ? topics[0] : undefined;
  if (typeof topic !== 'string' || topic === '') throw fail('Topics must hold exactly one topic');

  const startingPosition = (props.StartingPosition ?? 'TRIM_HORIZON') as StartingPosition;
  if (!['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'].includes(startingPosition))
    throw fail('startingPosition must be TRIM_HORIZON, LATEST or AT_TIMESTAMP');
  const timestamp = props.StartingPositionTimestamp;
  if (startingPosition === 'AT_TIMESTAMP' && typeof timestamp !== 'number')
    throw fail('AT_TIMESTAMP needs startingPositionTimestamp (Unix seconds)');

  const batchSize = wholeNumber(props.BatchSize, DEFAULT_BATCH_SIZE, 1, 10_000, 'BatchSize', fail);
  const windowS =
    props.MaximumBatchingWindowInSeconds === undefined
      ? undefined
      : wholeNumber(props.MaximumBatchingWindowInSeconds, 0, 0, 300, 'MaximumBatchingWindowInSeconds', fail);

  const patterns = filterCriteriaPatterns(props.FilterCriteria, fail);

  const group = objectAt(
    props,
    context.type === 'msk' ? 'AmazonManagedKafkaEventSourceConfig' : 'SelfManagedKafkaEventSourceConfig',
  ).ConsumerGroupId;
  if (group !== undefined && typeof group !== 'string') throw fail('consumerGroupId must be a string');

  const pollers = props.ProvisionedPollerConfig;
  const provisioned =
    typeof pollers === 'object' && pollers !== null
      ? {
          minimumPollers: optionalNumber((pollers as Record<string, unknown>).MinimumPollers),
          maximumPollers: optionalNumber((pollers as Record<string, unknown>).MaximumPollers),
        }
      : undefined;

  const responseTypes = props.FunctionResponseTypes ?? [];
  if (
    !Array.isArray(responseTypes) ||
    responseTypes.some((responseType) => responseType !== 'ReportBatchItemFailures')
  )
    throw fail('FunctionResponseTypes may only hold ReportBatchItemFailures');

  const bisect = props.BisectBatchOnFunctionError ?? false;
  if (typeof bisect !== 'boolean' && bisect !== 'true' && bisect !== 'false')
    throw fail('BisectBatchOnFunctionError must be true or false');

  const ageS = wholeNumber(
    props.MaximumRecordAgeInSeconds,
    -1,
    -1,
    MAX_RECORD_AGE_S,
    'MaximumRecordAgeInSeconds',
    fail,
  );
  if (ageS !== -1 && ageS < MIN_RECORD_AGE_S)
    throw fail(`MaximumRecordAgeInSeconds must be -1 or ${MIN_RECORD_AGE_S} to ${MAX_RECORD_AGE_S}`);

  const retries = wholeNumber(props.MaximumRetryAttempts, -1, -1, 10_000, 'MaximumRetryAttempts', fail);
  const destination = failureDestination(props.DestinationConfig, topic, fail);

  const source: EventSource =
    context.type === 'msk'
      ? { type: 'msk', arn: mskArn(props.EventSourceArn, context.region) }
      : { type: 'kafka' };
  const account = source.type === 'msk' ? source.arn.split(':')[4] : undefined;
  return {
    functionKey: context.functionKey,
    functionName: context.functionName,
    functionArn: `arn:aws:lambda:${context.region}:${account || '000000000000'}:function:${context.functionName}:$LATEST`,
    mappingId: context.mappingId,
    source,
    topic,
    consumerGroupId: group ?? `${context.functionName}-${topic}`,
    batchSize,
    // Unset is AWS's 500 ms Kafka default; 0 invokes as soon as records arrive.
    batchingWindowMs: windowS === undefined ? DEFAULT_BATCHING_WINDOW_MS : windowS * 1000,
    startingPosition,
    startingPositionTimestampMs: typeof timestamp === 'number' ? timestamp * 1000 : undefined,
    enabled: props.Enabled === undefined ? true : props.Enabled === true || props.Enabled === 'true',
    filterPatterns: patterns.map((pattern, i) => {
      try {
        return validateFilterPattern(pattern, `filterPatterns[${i}]`);
      } catch (error) {
        throw fail((error as Error).message);
      }
    }),
    provisioned,
    reportBatchItemFailures: responseTypes.length > 0,
    bisectBatchOnFunctionError: bisect === true || bisect === 'true',
    maximumRecordAgeMs: ageS === -1 ? undefined : ageS * 1000,
    retry: {
      maximumRetryAttempts: effectiveRetryLimit(
        retries === -1 ? undefined : retries,
        destination !== undefined,
      ),
      ...(context.retryDelay ?? DEFAULT_RETRY_DELAY),
    },
    destination,
    invocationTimeoutMs: context.timeoutS * 1000 + INVOKE_GRACE_MS,
  };
}

function warningsFor(spec: EventSourceSpec, props: Record<string, unknown>, timeoutS: number): string[] {
  const warnings: string[] = [];
  const name = `${spec.functionKey} ← ${spec.topic}`;
  const provisionedOnly = PROVISIONED_ONLY.filter((key) => props[key] !== undefined);
  if (spec.provisioned === undefined && provisionedOnly.length > 0) {
    warnings.push(
      `${name}: ${provisionedOnly.join(', ')} need provisioned mode on AWS (provisionedPollerConfig), which ` +
        'this mapping does not set; honoured here, refused or ignored there',
    );
  }
  if (timeoutS > MAX_KAFKA_FUNCTION_TIMEOUT_S) {
    warnings.push(
      `${name}: the function's timeout is ${timeoutS} s; Kafka event source mappings only support ` +
        `functions of at most ${MAX_KAFKA_FUNCTION_TIMEOUT_S} s (14 minutes)`,
    );
  }
  if (spec.destination?.type === 'other') {
    warnings.push(
      `${name}: the failure destination ${spec.destination.arn} is not reproduced locally (only kafka://<topic> ` +
        'is); records given up on are logged and skipped',
    );
  }
  return warnings;
}

/** The framework's naming rule, for when the provider's own is not at hand (it is under the CLI). */
export const frameworkNaming: MappingNaming = {
  getMSKEventLogicalId: (functionKey, clusterName, topic) =>
    `${normalizedFunctionName(functionKey)}EventSourceMappingMSK${alphaNumeric(clusterName).slice(0, 79)}${alphaNumeric(topic).slice(0, 79)}`,
  getKafkaEventLogicalId: (functionKey, topic) =>
    `${normalizedFunctionName(functionKey)}EventSourceMappingKafka${alphaNumeric(topic).slice(0, 158)}`,
};

function normalizedFunctionName(name: string): string {
  return upperFirst(name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore'));
}

function alphaNumeric(name: string): string {
  return upperFirst(name.replace(/[^0-9A-Za-z]/g, ''));
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The cluster part of the mapping's logical id, as the framework derives it from the event's `arn`. */
export function clusterNameToken(arn: unknown): string {
  if (typeof arn === 'object' && arn !== null) {
    const ref = arn as Record<string, unknown>;
    if (typeof ref['Fn::ImportValue'] === 'string') return ref['Fn::ImportValue'];
    if (typeof ref.Ref === 'string') return ref.Ref;
  }
  return typeof arn === 'string' ? (arn.split('/')[1] ?? '') : '';
}

/** A cluster ARN given as a CloudFormation reference has no local value: stand in a recognisable one. */
function mskArn(arn: unknown, region: string): string {
  return typeof arn === 'string' ? arn : `arn:aws:kafka:${region}:000000000000:cluster/offline/local`;
}

function filterCriteriaPatterns(criteria: unknown, fail: (message: string) => Error): unknown[] {
  const filters = objectAt({ criteria }, 'criteria').Filters;
  if (filters === undefined) return [];
  if (!Array.isArray(filters)) throw fail('filterPatterns must be a list');
  return filters.map((filter: unknown) => {
    try {
      return JSON.parse(String((filter as { Pattern?: unknown }).Pattern)) as unknown;
    } catch {
      throw fail('each FilterCriteria.Filters[].Pattern must be a JSON string');
    }
  });
}

function failureDestination(
  config: unknown,
  source: string,
  fail: (message: string) => Error,
): FailureDestination | undefined {
  const destination = objectAt(objectAt({ config }, 'config'), 'OnFailure').Destination;
  if (destination === undefined || destination === null || destination === '') return undefined;
  if (typeof destination !== 'string')
    throw fail('DestinationConfig.OnFailure.Destination must be a plain string locally');
  const match = /^kafka:\/\/(.+)$/.exec(destination);
  if (!match) return { type: 'other', arn: destination };
  // AWS refuses a destination equal to the source topic: it would loop for ever.
  if (match[1] === source) throw fail('the failure destination is the source topic');
  return { type: 'kafka', topic: match[1]! };
}

function wholeNumber(
  value: unknown,
  fallback: number,
  min: number,
  max: number,
  name: string,
  fail: (message: string) => Error,
): number {
  if (value === undefined || value === null || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max)
    throw fail(`${name} must be a whole number from ${min} to ${max}`);
  return number;
}

function optionalNumber(value: unknown): number | undefined {
  return value === undefined || value === null ? undefined : Number(value);
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
