type Config = typeof import('../../../../src/orders/orders.config');

/** One area's configuration as a fresh cold start reads it, with `env` as the whole environment. */
async function read<K extends keyof Config>(
  reader: K,
  env: Record<string, string>,
): Promise<ReturnType<Config[K]>> {
  const saved = process.env;
  process.env = { ...env };
  try {
    let config!: Config;
    await jest.isolateModulesAsync(async () => {
      config = await import('../../../../src/orders/orders.config');
    });
    return config[reader]() as ReturnType<Config[K]>;
  } finally {
    process.env = saved;
  }
}

describe('order-service configuration', () => {
  it('reads user-service’s URL with a 2 s timeout by default', async () => {
    expect(await read('userServiceConfig', { USER_SERVICE_URL: 'http://localhost:3000' })).toEqual({
      url: 'http://localhost:3000',
      timeoutMs: 2000,
    });
  });

  it('reads the events topic with a 4 s publish bound by default, apart from the orders table', async () => {
    expect(await read('orderEventsConfig', { ORDER_EVENTS_TOPIC: 'order-events' })).toEqual({
      topic: 'order-events',
      publishTimeoutMs: 4000,
    });
    expect(await read('ordersConfig', { ORDERS_TABLE: 'orders' })).toEqual({ table: 'orders' });
  });

  it.each([
    ['userServiceConfig', {}, 'missing environment variable USER_SERVICE_URL'],
    ['userServiceConfig', { USER_SERVICE_URL: 'localhost:3000' }, 'USER_SERVICE_URL must be an http(s) URL'],
    [
      'userServiceConfig',
      { USER_SERVICE_URL: 'http://users', USER_SERVICE_TIMEOUT_MS: '2s' },
      'USER_SERVICE_TIMEOUT_MS must be a positive whole number of milliseconds',
    ],
    [
      'orderEventsConfig',
      { ORDER_EVENTS_TOPIC: 'order-events', ORDER_EVENTS_PUBLISH_TIMEOUT_MS: '0' },
      'ORDER_EVENTS_PUBLISH_TIMEOUT_MS must be a positive whole number of milliseconds',
    ],
    ['ordersConfig', { ORDERS_TABLE: ' ' }, 'missing environment variable ORDERS_TABLE'],
  ] as const)('%s fails at start, naming the variable, with %p', async (reader, env, message) => {
    await expect(read(reader, env)).rejects.toThrow(message);
  });
});
