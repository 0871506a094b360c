import {
  CUSTOM_KEY,
  ScheduleConfigError,
  scheduleSpecs,
  type LocalSchedules,
  type ScheduleSpec,
  type ServiceView,
} from './config';
import { offlineInvoker } from './invoker';
import { LocalSchedule } from './schedule';

/**
 * Serverless plugin: while `serverless offline start` runs, every function with a `schedule` event is
 * invoked at its rate, or at the faster local rate `custom.serverless-offline-schedule` gives it, through
 * serverless-offline's Lambda API.
 */
interface PluginLog {
  notice(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

interface Serverless {
  service: ServiceView & { provider: { stage?: string } };
  configSchemaHandler?: { defineCustomProperties?(schema: object): void };
  /** The framework's user-facing error: printed as a message, without a stack trace. */
  classes?: { Error?: new (message: string, code?: string) => Error };
}

type CliOptions = Record<string, unknown>;

const PREFIX = 'schedule';

class ServerlessOfflineSchedule {
  readonly hooks: Record<string, () => Promise<void> | void>;
  private readonly log: PluginLog;
  private config: LocalSchedules | undefined;
  private schedules: LocalSchedule[] = [];

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
      'before:offline:start': () => this.warnAboutCommand(),
      // Before serverless-offline reads the events: the ones taken over here are removed from its view,
      // so its own (minute-precision) scheduler does not run them a second time.
      'before:offline:start:init': () => this.takeOver(),
      'after:offline:start:init': () => this.start(),
      'before:offline:start:end': () => this.stop(),
    };
  }

  private warnAboutCommand(): void {
    if (this.readConfig().specs.length > 0)
      this.log.warning(
        'local rates apply under `serverless offline start`; plain `serverless offline` runs schedules at its own minute precision',
      );
  }

  /** @throws the framework's error, naming the function and setting that is wrong. */
  private readConfig(): LocalSchedules {
    const stage = String(this.options.stage ?? this.serverless.service.provider.stage ?? 'dev');
    try {
      this.config ??= scheduleSpecs(this.serverless.service, stage);
    } catch (error) {
      const UserError = this.serverless.classes?.Error;
      if (error instanceof ScheduleConfigError && UserError)
        throw new UserError(error.message, 'SCHEDULE_CONFIG');
      throw error;
    }
    return this.config;
  }

  private takeOver(): void {
    const { owned } = this.readConfig();
    const ours = new Set(owned);
    const { service } = this.serverless;
    for (const key of service.getAllFunctions()) {
      const fn = service.getFunction(key);
      if (fn.events) fn.events = fn.events.filter((event) => !ours.has(event));
    }
  }

  private start(): void {
    const { specs, skipped } = this.readConfig();
    for (const { functionKey, expression, reason } of skipped)
      this.log.notice(`${functionKey} ${expression}: ${reason}`);
    if (specs.length === 0) return;
    const invoke = offlineInvoker(this.lambdaEndpoint());
    const region = this.serverless.service.provider.region ?? 'us-east-1';
    for (const spec of specs) {
      this.log.notice(`${spec.functionKey} ${describe(spec)}`);
      const schedule = new LocalSchedule(spec, { invoke, log: this.log, region });
      schedule.start();
      this.schedules.push(schedule);
    }
  }

  private async stop(): Promise<void> {
    const schedules = this.schedules;
    this.schedules = [];
    if (schedules.length === 0) return;
    await Promise.all(schedules.map((schedule) => schedule.stop()));
    this.log.notice('runs stopped');
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

export default ServerlessOfflineSchedule;

function describe(spec: ScheduleSpec): string {
  const every = `every ${seconds(spec.periodMs)}`;
  return spec.localExpression === undefined
    ? `${spec.expression}: ${every}`
    : `${spec.expression} on AWS, ${spec.localExpression} here (custom.${CUSTOM_KEY}): ${every}`;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
