import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { CUSTOM_KEY, eventSourceSpecs, pluginSettings, type ServiceView } from './config';
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
  configSchemaHandler?: { defineCustomProperties?(schema: object): void };
}

type CliOptions = Record<string, unknown>;

const PREFIX = 'kafka';

class ServerlessOfflineKafka {
  readonly hooks: Record<string, () => Promise<void> | void>;
  private readonly log: PluginLog;
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
      'after:offline:start:init': () => this.start(),
      'before:offline:start:end': () => this.stop(),
    };
  }

  private warnAboutCommand(): void {
    if (this.specs().length > 0)
      this.log.warning('Kafka events run with `serverless offline start`; none were started');
  }

  private specs() {
    const stage = String(this.options.stage ?? this.serverless.service.provider.stage ?? 'dev');
    return eventSourceSpecs(this.serverless.service, stage);
  }

  private async start(): Promise<void> {
    const specs = this.specs();
    if (specs.length === 0) {
      this.log.notice('no msk or kafka events in this service: nothing to consume');
      return;
    }
    const settings = pluginSettings(this.serverless.service.custom, process.env);
    const bootstrapServers = settings.brokers.join(',');
    const kafka = new Kafka({
      clientId: 'serverless-offline-kafka',
      brokers: settings.brokers,
      connectionTimeout: 3000,
      logLevel: logLevel.ERROR,
      logCreator: () => (entry: LogEntry) => this.log.warning(`kafkajs: ${entry.log.message}`),
    });
    const invoke = offlineInvoker(this.lambdaEndpoint());
    for (const spec of specs) {
      const position =
        spec.startingPosition === 'AT_TIMESTAMP'
          ? `AT_TIMESTAMP ${new Date(spec.startingPositionTimestampMs!).toISOString()}`
          : spec.startingPosition;
      if (!spec.enabled) {
        this.log.notice(`${spec.functionKey} ← ${spec.topic}: disabled (enabled: false)`);
        continue;
      }
      this.log.notice(
        `${spec.functionKey} ← ${spec.topic} on ${bootstrapServers} (group ${spec.consumerGroupId}, ` +
          `batch ${spec.batchSize}, window ${spec.batchingWindowMs} ms, ${position}, ` +
          `${spec.retry.maximumRetryAttempts === undefined ? 'retry until it succeeds' : `${spec.retry.maximumRetryAttempts} retries`}` +
          `${spec.onFailureTopic ? `, then ${spec.onFailureTopic}` : ''})`,
      );
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
    try {
      await Promise.all(this.sources.map((source) => source.start()));
    } catch (error) {
      await this.stop();
      throw error;
    }
    this.log.notice(`${this.sources.length} event source${this.sources.length === 1 ? '' : 's'} consuming`);
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
