import { Kafka, logLevel } from 'kafkajs';
import {
  CUSTOM_KEY,
  eventSources,
  frameworkNaming,
  KafkaEventSourceConfigError,
  pluginSettings,
  type EventSourceSpec,
  type MappingNaming,
  type PluginSettings,
  type ServiceView,
} from './config';
import { KafkaEventSource } from './event-source';
import { offlineInvoker } from './invoker';

/**
 * Serverless plugin: while `serverless offline start` runs, every function with an `msk` or `kafka` event
 * is fed from the local Kafka broker the way AWS Lambda's event source mapping feeds it on AWS.
 */
interface PluginLog {
  notice(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

interface Serverless {
  service: ServiceView & { provider: { stage?: string } };
  getProvider?(name: 'aws'): { naming?: Partial<MappingNaming> } | undefined;
  configSchemaHandler?: { defineCustomProperties?(schema: object): void };
  /** The framework's user-facing error: printed as a message, without a stack trace. */
  classes?: { Error?: new (message: string, code?: string) => Error };
}

type CliOptions = Record<string, unknown>;

const PREFIX = 'kafka';

class ServerlessOfflineKafka {
  readonly hooks: Record<string, () => Promise<void> | void>;
  private readonly log: PluginLog;
  private config: { specs: EventSourceSpec[]; warnings: string[]; settings: PluginSettings } | undefined;
  private warned = false;
  private sources: KafkaEventSource[] = [];

  constructor(
    private readonly serverless: Serverless,
    private readonly options: CliOptions,
    utils?: { log?: PluginLog },
  ) {
    const log = utils?.log ?? { notice: console.log, warning: console.warn, error: console.error };
    this.log = {
      notice: (message) => log.notice(`${PREFIX} ${message}`),
      warning: (message) => log.warning(`${PREFIX} ${message}`),
      error: (message) => log.error(`${PREFIX} ${message}`),
    };
    serverless.configSchemaHandler?.defineCustomProperties?.({
      properties: { [CUSTOM_KEY]: { type: 'object' } },
    });
    this.hooks = {
      // `serverless offline` (without `start`) gives plugins no chance to stop cleanly before it exits.
      'before:offline:start': () => this.warnAboutCommand(),
      // Before offline opens its servers: a configuration error then ends the command instead of leaving
      // a half-started process behind.
      'before:offline:start:init': () => void this.readConfig(),
      'after:offline:start:init': () => this.start(),
      'before:offline:start:end': () => this.stop(),
    };
  }

  private warnAboutCommand(): void {
    if (this.readConfig().specs.length > 0)
      this.log.warning('Kafka events run with `serverless offline start`; none were started');
  }

  /** @throws KafkaEventSourceConfigError naming the function and setting that is wrong. */
  private readConfig(): { specs: EventSourceSpec[]; warnings: string[]; settings: PluginSettings } {
    const stage = String(this.options.stage ?? this.serverless.service.provider.stage ?? 'dev');
    try {
      this.config ??= {
        ...eventSources(this.serverless.service, stage, this.naming()),
        settings: pluginSettings(this.serverless.service.custom, process.env),
      };
    } catch (error) {
      const UserError = this.serverless.classes?.Error;
      if (error instanceof KafkaEventSourceConfigError && UserError)
        throw new UserError(error.message, 'KAFKA_EVENT_SOURCE_CONFIG');
      throw error;
    }
    return this.config;
  }

  /** The framework's own naming of the mappings it generates, so `resources.extensions` ids match. */
  private naming(): MappingNaming {
    const naming = this.serverless.getProvider?.('aws')?.naming;
    return naming?.getMSKEventLogicalId && naming.getKafkaEventLogicalId
      ? (naming as MappingNaming)
      : frameworkNaming;
  }

  private async start(): Promise<void> {
    const { specs, warnings, settings } = this.readConfig();
    if (!this.warned) for (const warning of warnings) this.log.warning(warning);
    this.warned = true;
    if (specs.length === 0) {
      this.log.notice('no msk or kafka events in this service: nothing to consume');
      return;
    }
    const bootstrapServers = settings.brokers.join(',');
    const kafka = new Kafka({
      clientId: 'serverless-offline-kafka',
      brokers: settings.brokers,
      connectionTimeout: 3000,
      retry: { retries: 3 },
      // Failures that matter reach us as rejections and CRASH events, and are logged once, in our words.
      logLevel: logLevel.NOTHING,
    });
    const invoke = offlineInvoker(this.lambdaEndpoint());
    for (const spec of specs) {
      if (!spec.enabled) {
        this.log.notice(`${spec.functionKey} ← ${spec.topic}: disabled (enabled: false)`);
        continue;
      }
      this.log.notice(`${spec.functionKey} ← ${spec.topic} on ${bootstrapServers} (${describeSpec(spec)})`);
      this.sources.push(
        new KafkaEventSource(spec, {
          kafka,
          invoke,
          log: this.log,
          consumer: settings.consumer,
          bootstrapServers,
        }),
      );
    }
    // Each source keeps trying in the background when Kafka or its topic is not there yet.
    await Promise.all(this.sources.map((source) => source.start()));
    this.log.notice(`${this.sources.length} event source${this.sources.length === 1 ? '' : 's'} started`);
  }

  private async stop(): Promise<void> {
    const sources = this.sources;
    this.sources = [];
    if (sources.length === 0) return;
    await Promise.all(sources.map((source) => source.stop()));
    this.log.notice('consumers stopped and left their groups');
  }

  /** serverless-offline's Lambda API, configured like offline itself: CLI options, then custom, then defaults. */
  private lambdaEndpoint(): string {
    const offline = (this.serverless.service.custom?.['serverless-offline'] ?? {}) as CliOptions;
    const setting = (name: string) => this.options[name] ?? offline[name];
    const host = String(setting('host') ?? 'localhost');
    const port = Number(setting('lambdaPort') ?? 3002);
    const protocol = setting('httpsProtocol') ? 'https' : 'http';
    // A server bound to every interface is reached on loopback.
    return `${protocol}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  }
}

export default ServerlessOfflineKafka;

function describeSpec(spec: EventSourceSpec): string {
  const position =
    spec.startingPosition === 'AT_TIMESTAMP'
      ? `AT_TIMESTAMP ${new Date(spec.startingPositionTimestampMs!).toISOString()}`
      : spec.startingPosition;
  const retries =
    spec.retry.maximumRetryAttempts === undefined
      ? 'retry until it succeeds'
      : `${spec.retry.maximumRetryAttempts} retries`;
  const destination =
    spec.destination?.type === 'kafka'
      ? `, then ${spec.destination.topic}`
      : spec.destination
        ? ', then skip'
        : '';
  const extras = [
    spec.provisioned ? 'provisioned' : undefined,
    spec.reportBatchItemFailures ? 'partial batch responses' : undefined,
    spec.bisectBatchOnFunctionError ? 'bisect on error' : undefined,
    spec.maximumRecordAgeMs !== undefined
      ? `records up to ${spec.maximumRecordAgeMs / 1000} s old`
      : undefined,
  ].filter(Boolean);
  return `group ${spec.consumerGroupId}, batch ${spec.batchSize}, window ${spec.batchingWindowMs} ms, ${position}, ${retries}${destination}${extras.map((e) => `, ${e}`).join('')}`;
}
