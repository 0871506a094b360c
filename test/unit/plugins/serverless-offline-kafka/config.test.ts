import {
  eventSourceSpecs,
  KafkaEventSourceConfigError,
  pluginSettings,
  type ServiceView,
} from '../../../../plugins/serverless-offline-kafka/src/config';

const ARN = 'arn:aws:kafka:us-east-1:123456789012:cluster/orders/abc';

function service(
  functions: Record<string, { events: Array<Record<string, unknown>>; timeout?: number }>,
  custom: Record<string, unknown> = {},
): ServiceView {
  return {
    service: 'shop',
    provider: { region: 'eu-west-1' },
    custom,
    getAllFunctions: () => Object.keys(functions),
    getFunction: (key) => ({ name: `shop-local-${key}`, ...functions[key] }),
  };
}

describe('eventSourceSpecs', () => {
  it('applies AWS defaults to an msk event', () => {
    const [spec] = eventSourceSpecs(
      service({ notify: { events: [{ msk: { arn: ARN, topic: 'orders' } }] } }),
      'local',
    );

    expect(spec).toEqual({
      functionKey: 'notify',
      functionName: 'shop-local-notify',
      source: { type: 'msk', arn: ARN },
      topic: 'orders',
      consumerGroupId: 'shop-local-notify-orders',
      batchSize: 100,
      batchingWindowMs: 500,
      startingPosition: 'TRIM_HORIZON',
      startingPositionTimestampMs: undefined,
      enabled: true,
      filterPatterns: [],
      retry: { maximumRetryAttempts: undefined, initialDelayMs: 500, maxDelayMs: 30_000 },
      onFailureTopic: undefined,
      invocationTimeoutMs: 11_000,
    });
  });

  it('reads every setting of the event, and only msk and kafka events', () => {
    const specs = eventSourceSpecs(
      service({
        notify: {
          timeout: 20,
          events: [
            { http: { path: '/x', method: 'get' } },
            {
              kafka: {
                topic: 'orders',
                consumerGroupId: 'notifications',
                batchSize: '10',
                maximumBatchingWindow: 2,
                startingPosition: 'AT_TIMESTAMP',
                startingPositionTimestamp: 1_700_000_000,
                enabled: false,
                filterPatterns: [{ value: { eventType: ['OrderCreated'] } }],
              },
            },
          ],
        },
      }),
      'local',
    );

    expect(specs).toHaveLength(1);
    expect(specs[0]).toMatchObject({
      source: { type: 'kafka' },
      consumerGroupId: 'notifications',
      batchSize: 10,
      batchingWindowMs: 2000,
      startingPosition: 'AT_TIMESTAMP',
      startingPositionTimestampMs: 1_700_000_000_000,
      enabled: false,
      filterPatterns: [{ value: { eventType: ['OrderCreated'] } }],
      invocationTimeoutMs: 25_000,
    });
  });

  it('treats a batching window of 0 as AWS does once the framework has dropped it: the 500 ms default', () => {
    const [spec] = eventSourceSpecs(
      service({ f: { events: [{ msk: { arn: ARN, topic: 't', maximumBatchingWindow: 0 } }] } }),
      'local',
    );

    expect(spec!.batchingWindowMs).toBe(500);
  });

  it('stands in a local ARN when the cluster ARN is a CloudFormation reference', () => {
    const [spec] = eventSourceSpecs(
      service({ f: { events: [{ msk: { arn: { 'Fn::ImportValue': 'cluster' }, topic: 't' } }] } }),
      'local',
    );

    expect(spec!.source).toEqual({
      type: 'msk',
      arn: 'arn:aws:kafka:eu-west-1:000000000000:cluster/offline/local',
    });
  });

  it('reads the retry limit and the failure destination from custom, per function', () => {
    const custom = {
      'serverless-offline-kafka': {
        retryDelay: { initialMs: 50, maxMs: 200 },
        functions: {
          notify: {
            maximumRetryAttempts: '3',
            destinationConfig: { onFailure: { destination: 'kafka://orders.dlq' } },
          },
        },
      },
    };
    const [spec] = eventSourceSpecs(
      service({ notify: { events: [{ msk: { arn: ARN, topic: 'orders' } }] } }, custom),
      'local',
    );

    expect(spec!.retry).toEqual({ maximumRetryAttempts: 3, initialDelayMs: 50, maxDelayMs: 200 });
    expect(spec!.onFailureTopic).toBe('orders.dlq');
  });

  it.each([
    [{ msk: { arn: ARN } }, /function f, event 1 \(msk\) needs a topic/],
    [
      { msk: { arn: ARN, topic: 't', startingPosition: 'AT_TIMESTAMP' } },
      /AT_TIMESTAMP needs startingPositionTimestamp/,
    ],
    [{ msk: { arn: ARN, topic: 't', batchSize: 0 } }, /batchSize/],
    [
      { msk: { arn: ARN, topic: 't', filterPatterns: [{ key: ['a'] }] } },
      /function f, event 1 \(msk\): filterPatterns\[0\]/,
    ],
  ])('rejects %j with a message naming the problem', (event, message) => {
    expect(() => eventSourceSpecs(service({ f: { events: [event] } }), 'local')).toThrow(message);
  });

  it.each([
    ['sqs://queue', /must be kafka:\/\/<topic>/],
    ['kafka://orders', /is the source topic/],
  ])('rejects the failure destination %s', (destination, message) => {
    const custom = {
      'serverless-offline-kafka': { functions: { f: { destinationConfig: { onFailure: { destination } } } } },
    };

    expect(() =>
      eventSourceSpecs(service({ f: { events: [{ msk: { arn: ARN, topic: 'orders' } }] } }, custom), 'local'),
    ).toThrow(KafkaEventSourceConfigError);
    expect(() =>
      eventSourceSpecs(service({ f: { events: [{ msk: { arn: ARN, topic: 'orders' } }] } }, custom), 'local'),
    ).toThrow(message);
  });
});

describe('pluginSettings', () => {
  it('takes the brokers from custom, then KAFKA_BROKERS, then localhost:9092', () => {
    expect(pluginSettings({ 'serverless-offline-kafka': { brokers: 'a:1, b:2' } }, {}).brokers).toEqual([
      'a:1',
      'b:2',
    ]);
    expect(pluginSettings({ 'serverless-offline-kafka': { brokers: ['c:3'] } }, {}).brokers).toEqual(['c:3']);
    expect(pluginSettings({}, { KAFKA_BROKERS: 'd:4' }).brokers).toEqual(['d:4']);
    expect(pluginSettings(undefined, {}).brokers).toEqual(['localhost:9092']);
  });

  it('lets the consumer timers be tuned and rejects nonsense', () => {
    const settings = pluginSettings(
      { 'serverless-offline-kafka': { consumer: { heartbeatIntervalMs: 250 } } },
      {},
    );

    expect(settings.consumer).toEqual({
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 250,
      rebalanceTimeoutMs: 30_000,
      maxWaitTimeMs: 500,
    });
    expect(() =>
      pluginSettings({ 'serverless-offline-kafka': { consumer: { maxWaitTimeMs: -1 } } }, {}),
    ).toThrow(/consumer.maxWaitTimeMs must be a positive number/);
  });
});
