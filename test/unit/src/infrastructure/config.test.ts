type Config = typeof import('../../../../src/infrastructure/config');

/** One area's configuration as a fresh cold start reads it, with `env` as the whole environment. */
async function read<K extends 'ordersConfig' | 'orderEventsConfig' | 'userServiceConfig' | 'usersConfig'>(
  reader: K,
  env: Record<string, string>,
): Promise<ReturnType<Config[K]>> {
  const saved = process.env;
  process.env = { ...env };
  try {
    let config!: Config;
    await jest.isolateModulesAsync(async () => {
      config = await import('../../../../src/infrastructure/config');
    });
    return config[reader]() as ReturnType<Config[K]>;
  } finally {
    process.env = saved;
  }
}

describe('configuration of the user and order functions', () => {
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
    ['usersConfig', { USERS_TABLE: ' ' }, 'missing environment variable USERS_TABLE'],
  ] as const)('%s fails at start, naming the variable, with %p', async (reader, env, message) => {
    await expect(read(reader, env)).rejects.toThrow(message);
  });
});

describe('kafkaConfig', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.resetModules();
  });

  const load = async (env: Record<string, string>) => {
    process.env = { ...saved, KAFKA_BROKERS: 'b-1:9098, b-2:9098', AWS_REGION: 'eu-west-1', ...env };
    const { kafkaConfig } = await import('../../../../src/infrastructure/config');
    return kafkaConfig();
  };

  it('defaults to plaintext and splits the broker list', async () => {
    expect(await load({})).toMatchObject({
      brokers: ['b-1:9098', 'b-2:9098'],
      auth: { mode: 'none', ssl: false },
    });
  });

  it('selects IAM with the function region, and SCRAM with its secret', async () => {
    expect((await load({ KAFKA_AUTH: 'iam' })).auth).toEqual({ mode: 'iam', region: 'eu-west-1' });
    jest.resetModules();
    expect((await load({ KAFKA_AUTH: 'scram', KAFKA_SASL_SECRET_ARN: 'arn:x' })).auth).toEqual({
      mode: 'scram',
      secretArn: 'arn:x',
    });
  });

  it('fails at start naming the variable that is missing or wrong', async () => {
    await expect(load({ KAFKA_AUTH: 'scram' })).rejects.toThrow(
      'missing environment variable KAFKA_SASL_SECRET_ARN',
    );
    jest.resetModules();
    await expect(load({ KAFKA_AUTH: 'kerberos' })).rejects.toThrow('KAFKA_AUTH must be none, scram or iam');
  });
});
