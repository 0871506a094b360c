import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { boundEnvironments, type OfflineClasses } from './environments';
import { poolSettings, WarmPoolConfigError, type PoolSettings } from './settings';

/**
 * Serverless plugin: under `serverless offline start`, each function keeps at most `maxEnvironments` warm
 * environments (worker threads), reused from one invocation to the next; an invocation that finds them all
 * busy waits for one instead of starting a new one (see environments.ts for why).
 */
interface PluginLog {
  notice(message: string): void;
  warning(message: string): void;
}

interface Serverless {
  serviceDir?: string;
  config?: { servicePath?: string };
  service: { custom?: Record<string, unknown> };
  configSchemaHandler?: { defineCustomProperties?(schema: object): void };
  classes?: { Error?: new (message: string, code?: string) => Error };
}

const PREFIX = 'warm-pool';
/** The serverless-offline major whose internals environments.ts was written against. */
const SUPPORTED_MAJOR = 14;

class ServerlessOfflineWarmPool {
  readonly hooks: Record<string, () => Promise<void> | void>;
  private readonly log: PluginLog;
  private undo: (() => void) | undefined;

  constructor(
    private readonly serverless: Serverless,
    private readonly options: Record<string, unknown>,
    utils?: { log?: PluginLog },
  ) {
    const log = utils?.log ?? { notice: console.log, warning: console.warn };
    this.log = {
      notice: (message) => log.notice(`${PREFIX} ${message}`),
      warning: (message) => log.warning(`${PREFIX} ${message}`),
    };
    serverless.configSchemaHandler?.defineCustomProperties?.({
      properties: { 'serverless-offline-warm-pool': { type: 'object' } },
    });
    this.hooks = {
      // Before serverless-offline creates its pool: the change is to its classes, so it applies to every
      // pool it makes.
      'before:offline:start:init': () => this.install(),
      'before:offline:start': () => this.install(),
    };
  }

  private async install(): Promise<void> {
    if (this.undo) return;
    const settings = this.settings();
    if (this.offlineOption('reloadHandler')) {
      this.log.notice('reloadHandler is on: every invocation gets a fresh environment, none is kept warm');
      return;
    }
    const offline = offlineModule(this.serviceDir());
    if (!offline) {
      this.log.warning('serverless-offline not found: environments are not bounded');
      return;
    }
    if (offline.major !== SUPPORTED_MAJOR) {
      this.log.warning(
        `serverless-offline ${offline.version} is not ${SUPPORTED_MAJOR}.x: environments are not bounded`,
      );
      return;
    }
    const classes = await offline.classes();
    this.undo = boundEnvironments(classes, (functionKey) => settings.limitFor(functionKey));
    this.log.notice(`at most ${settings.describe()} warm environments per function, reused`);
  }

  private settings(): PoolSettings {
    try {
      return poolSettings(this.serverless.service.custom);
    } catch (error) {
      const UserError = this.serverless.classes?.Error;
      if (error instanceof WarmPoolConfigError && UserError)
        throw new UserError(error.message, 'WARM_POOL_CONFIG');
      throw error;
    }
  }

  private offlineOption(name: string): unknown {
    const custom = (this.serverless.service.custom?.['serverless-offline'] ?? {}) as Record<string, unknown>;
    return this.options[name] ?? custom[name];
  }

  private serviceDir(): string {
    return this.serverless.serviceDir ?? this.serverless.config?.servicePath ?? process.cwd();
  }
}

export default ServerlessOfflineWarmPool;

/**
 * The serverless-offline the service itself loads, and its lambda classes: imported by file URL, which is
 * the same URL serverless-offline imports them by, so this is the very module instance it uses.
 */
function offlineModule(
  serviceDir: string,
): { version: string; major: number; classes(): Promise<OfflineClasses> } | undefined {
  let entry: string;
  try {
    entry = require.resolve('serverless-offline', { paths: [serviceDir] });
  } catch {
    return undefined;
  }
  const root = path.dirname(path.dirname(entry));
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  const load = async (file: string) =>
    ((await import(pathToFileURL(path.join(root, 'src', 'lambda', file)).href)) as { default: unknown })
      .default;
  return {
    version,
    major: Number(version.split('.')[0]),
    classes: async () => ({
      LambdaFunctionPool: (await load('LambdaFunctionPool.js')) as OfflineClasses['LambdaFunctionPool'],
      LambdaFunction: (await load('LambdaFunction.js')) as OfflineClasses['LambdaFunction'],
    }),
  };
}
