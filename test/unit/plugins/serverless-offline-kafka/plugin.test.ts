import ServerlessOfflineKafka from '../../../../plugins/serverless-offline-kafka/src/index';

class FrameworkError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

function serverless(
  functions: Record<string, { events: Array<Record<string, unknown>> }>,
  extensions: Record<string, unknown> = {},
) {
  return {
    service: {
      service: 'shop',
      provider: { stage: 'local', region: 'us-east-1' },
      custom: {},
      resources: { extensions },
      getAllFunctions: () => Object.keys(functions),
      getFunction: (key: string) => functions[key]!,
    },
    classes: { Error: FrameworkError },
  };
}

function plugin(sls: ReturnType<typeof serverless>) {
  const lines: string[] = [];
  const log = {
    notice: (l: string) => lines.push(l),
    warning: (l: string) => lines.push(l),
    error: (l: string) => lines.push(l),
  };
  return { lines, hooks: new ServerlessOfflineKafka(sls, {}, { log }).hooks };
}

describe('ServerlessOfflineKafka', () => {
  it('stops `offline start` before offline starts when a setting is wrong, naming it without a stack trace', () => {
    const sls = serverless(
      { notify: { events: [{ msk: { arn: 'arn:aws:kafka:us-east-1:1:cluster/c/1', topic: 'orders' } }] } },
      { NotifyEventSourceMappingMSKCOrders: { Properties: { MaximumRetryAttempts: 'often' } } },
    );

    const { hooks } = plugin(sls);

    expect(() => hooks['before:offline:start:init']!()).toThrow(FrameworkError);
    expect(() => hooks['before:offline:start:init']!()).toThrow(
      'serverless-offline-kafka: function notify, event 1 (msk) (with resources.extensions.NotifyEventSourceMappingMSKCOrders): MaximumRetryAttempts must be a whole number from -1 to 10000',
    );
  });

  it('says there is nothing to consume in a service without Kafka events', async () => {
    const { hooks, lines } = plugin(serverless({ api: { events: [{ httpApi: '*' }] } }));

    hooks['before:offline:start:init']!();
    await hooks['after:offline:start:init']!();
    await hooks['before:offline:start:end']!();

    expect(lines).toEqual(['kafka no msk or kafka events in this service: nothing to consume']);
  });

  it('warns that plain `serverless offline` runs no Kafka events', () => {
    const { hooks, lines } = plugin(
      serverless({
        notify: { events: [{ msk: { arn: 'arn:aws:kafka:us-east-1:1:cluster/c/1', topic: 'orders' } }] },
      }),
    );

    hooks['before:offline:start']!();

    expect(lines).toEqual(['kafka Kafka events run with `serverless offline start`; none were started']);
  });
});
