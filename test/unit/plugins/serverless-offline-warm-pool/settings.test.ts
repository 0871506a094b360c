import {
  DEFAULT_MAX_ENVIRONMENTS,
  poolSettings,
} from '../../../../plugins/serverless-offline-warm-pool/src/settings';
import ServerlessOfflineWarmPool from '../../../../plugins/serverless-offline-warm-pool/src/index';

describe('poolSettings', () => {
  it('gives every function the default limit when the section is absent', () => {
    const settings = poolSettings({});

    expect(settings.limitFor('createOrder')).toBe(DEFAULT_MAX_ENVIRONMENTS);
  });

  it('reads a limit for all functions and overrides per function', () => {
    const settings = poolSettings({
      'serverless-offline-warm-pool': { maxEnvironments: 3, functions: { notify: { maxEnvironments: '1' } } },
    });

    expect(settings.limitFor('createOrder')).toBe(3);
    expect(settings.limitFor('notify')).toBe(1);
    expect(settings.describe()).toBe('3, notify 1');
  });

  it.each([0, -1, 2.5, 'many', 1001])('refuses maxEnvironments %p, naming the setting', (value) => {
    expect(() => poolSettings({ 'serverless-offline-warm-pool': { maxEnvironments: value } })).toThrow(
      `serverless-offline-warm-pool: maxEnvironments must be a whole number from 1 to 1000, not ${value}`,
    );
  });

  it('names a per-function setting that is wrong', () => {
    expect(() =>
      poolSettings({ 'serverless-offline-warm-pool': { functions: { notify: { maxEnvironments: 0 } } } }),
    ).toThrow('functions.notify.maxEnvironments must be a whole number');
    expect(() => poolSettings({ 'serverless-offline-warm-pool': { functions: [] } })).toThrow(
      'functions must be a map',
    );
  });
});

describe('ServerlessOfflineWarmPool', () => {
  class FrameworkError extends Error {
    constructor(
      message: string,
      readonly code?: string,
    ) {
      super(message);
    }
  }

  function plugin(custom: Record<string, unknown>, options: Record<string, unknown> = {}) {
    const lines: string[] = [];
    const log = { notice: (l: string) => lines.push(l), warning: (l: string) => lines.push(l) };
    const serverless = { service: { custom }, classes: { Error: FrameworkError } };
    return { lines, hooks: new ServerlessOfflineWarmPool(serverless, options, { log }).hooks };
  }

  it('stops `offline start` with the setting named when a limit is wrong', async () => {
    const { hooks } = plugin({ 'serverless-offline-warm-pool': { maxEnvironments: 0 } });

    await expect(hooks['before:offline:start:init']!()).rejects.toThrow(FrameworkError);
  });

  it('keeps nothing warm when offline reloads the handler on every invocation, and says so', async () => {
    const { hooks, lines } = plugin({}, { reloadHandler: true });

    await hooks['before:offline:start:init']!();

    expect(lines).toEqual([
      'warm-pool reloadHandler is on: every invocation gets a fresh environment, none is kept warm',
    ]);
  });
});
