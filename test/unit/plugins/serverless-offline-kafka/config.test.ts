import path from 'node:path';
import {
  eventSources,
  frameworkNaming,
  KafkaEventSourceConfigError,
  mappingPropertiesOf,
  pluginSettings,
  type MappingNaming,
  type ServiceView,
} from '../../../../plugins/serverless-offline-kafka/src/config';

const ARN = 'arn:aws:kafka:us-east-1:123456789012:cluster/orders/abc';

function service(
  functions: Record<string, { events: Array<Record<string, unknown>>; timeout?: number }>,
  {
    custom = {},
    extensions,
  }: { custom?: Record<string, unknown>; extensions?: Record<string, unknown> } = {},
): ServiceView {
  return {
    service: 'shop',
    provider: { region: 'eu-west-1' },
    custom,
    resources: extensions ? { extensions } : {},
    getAllFunctions: () => Object.keys(functions),
    getFunction: (key) => ({ name: `shop-local-${key}`, ...functions[key] }),
  };
}

const specsOf = (view: ServiceView) => eventSources(view, 'local').specs;

describe('eventSources', () => {
  it('applies AWS defaults to an msk event', () => {
    const { specs, warnings } = eventSources(
      service({ notify: { events: [{ msk: { arn: ARN, topic: 'orders' } }] } }),
      'local',
    );

    expect(specs).toEqual([
      {
        functionKey: 'notify',
        functionName: 'shop-local-notify',
        functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:shop-local-notify:$LATEST',
        mappingId: 'NotifyEventSourceMappingMSKOrdersOrders',
        source: { type: 'msk', arn: ARN },
        topic: 'orders',
        consumerGroupId: 'shop-local-notify-orders',
        batchSize: 100,
        batchingWindowMs: 500,
        startingPosition: 'TRIM_HORIZON',
        startingPositionTimestampMs: undefined,
        enabled: true,
        filterPatterns: [],
        provisioned: undefined,
        reportBatchItemFailures: false,
        bisectBatchOnFunctionError: false,
        maximumRecordAgeMs: undefined,
        retry: { maximumRetryAttempts: undefined, initialDelayMs: 500, maxDelayMs: 30_000 },
        destination: undefined,
        invocationTimeoutMs: 11_000,
      },
    ]);
    expect(warnings).toEqual([]);
  });

  it('reads every setting of the event, and only msk and kafka events', () => {
    const specs = specsOf(
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
                provisionedPollerConfig: { minimumPollers: 1, maximumPollers: 3 },
              },
            },
          ],
        },
      }),
    );

    expect(specs).toHaveLength(1);
    expect(specs[0]).toMatchObject({
      mappingId: 'NotifyEventSourceMappingKafkaOrders',
      source: { type: 'kafka' },
      functionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:shop-local-notify:$LATEST',
      consumerGroupId: 'notifications',
      batchSize: 10,
      batchingWindowMs: 2000,
      startingPosition: 'AT_TIMESTAMP',
      startingPositionTimestampMs: 1_700_000_000_000,
      enabled: false,
      filterPatterns: [{ value: { eventType: ['OrderCreated'] } }],
      provisioned: { minimumPollers: 1, maximumPollers: 3 },
      invocationTimeoutMs: 25_000,
    });
  });

  it('takes what resources.extensions sets on the generated mapping over the event, as the deploy does', () => {
    const { specs, warnings } = eventSources(
      service(
        {
          notify: {
            events: [
              {
                msk: {
                  arn: { Ref: 'MskClusterArn' },
                  topic: 'order-events',
                  batchSize: 50,
                  // The framework drops a 0: only the extension can set it.
                  maximumBatchingWindow: 0,
                  provisionedPollerConfig: { minimumPollers: 1, maximumPollers: 3 },
                },
              },
            ],
          },
        },
        {
          extensions: {
            NotifyEventSourceMappingMSKMskClusterArnOrderevents: {
              Properties: {
                MaximumBatchingWindowInSeconds: 0,
                FunctionResponseTypes: ['ReportBatchItemFailures'],
                BisectBatchOnFunctionError: true,
                MaximumRecordAgeInSeconds: 3600,
                MaximumRetryAttempts: 3,
                DestinationConfig: { OnFailure: { Destination: 'kafka://order-events.dlq' } },
              },
            },
          },
        },
      ),
      'local',
    );

    expect(specs[0]).toMatchObject({
      mappingId: 'NotifyEventSourceMappingMSKMskClusterArnOrderevents',
      source: { type: 'msk', arn: 'arn:aws:kafka:eu-west-1:000000000000:cluster/offline/local' },
      batchSize: 50,
      batchingWindowMs: 0,
      reportBatchItemFailures: true,
      bisectBatchOnFunctionError: true,
      maximumRecordAgeMs: 3_600_000,
      retry: { maximumRetryAttempts: 3 },
      destination: { type: 'kafka', topic: 'order-events.dlq' },
    });
    expect(warnings).toEqual([]);
  });

  it('without an extension, leaves a window of 0 to AWS’s 500 ms default, as the framework does', () => {
    const [spec] = specsOf(
      service({ f: { events: [{ msk: { arn: ARN, topic: 't', maximumBatchingWindow: 0 } }] } }),
    );

    expect(spec!.batchingWindowMs).toBe(500);
  });

  it('caps retries at 10 when a destination is set and none are given, as AWS does', () => {
    const extensions = {
      FEventSourceMappingMSKOrdersT: {
        Properties: { DestinationConfig: { OnFailure: { Destination: 'kafka://t.dlq' } } },
      },
    };
    const [spec] = specsOf(
      service(
        {
          f: { events: [{ msk: { arn: ARN, topic: 't', provisionedPollerConfig: { minimumPollers: 1 } } }] },
        },
        { extensions },
      ),
    );

    expect(spec!.retry.maximumRetryAttempts).toBe(10);
  });

  it('warns about settings AWS applies only in provisioned mode, about a timeout over 14 minutes, and about destinations it cannot reproduce', () => {
    const extensions = {
      FEventSourceMappingMSKOrdersT: {
        Properties: {
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } },
        },
      },
    };
    const { warnings } = eventSources(
      service({ f: { timeout: 900, events: [{ msk: { arn: ARN, topic: 't' } }] } }, { extensions }),
      'local',
    );

    expect(warnings).toEqual([
      'f ← t: FunctionResponseTypes, DestinationConfig need provisioned mode on AWS (provisionedPollerConfig), which this mapping does not set; honoured here, refused or ignored there',
      "f ← t: the function's timeout is 900 s; Kafka event source mappings only support functions of at most 840 s (14 minutes)",
      'f ← t: the failure destination arn:aws:sqs:us-east-1:123456789012:dlq is not reproduced locally (only kafka://<topic> is); records given up on are logged and skipped',
    ]);
  });

  it.each([
    [{ msk: { arn: ARN } }, 'function f, event 1 (msk) needs a topic'],
    [
      { msk: { arn: ARN, topic: 't', batchSize: 10_001 } },
      'BatchSize must be a whole number from 1 to 10000',
    ],
    [{ msk: { arn: ARN, topic: 't', startingPosition: 'EARLIEST' } }, 'startingPosition must be'],
    [{ msk: { arn: ARN, topic: 't', startingPosition: 'AT_TIMESTAMP' } }, 'AT_TIMESTAMP needs'],
    [{ msk: { arn: ARN, topic: 't', filterPatterns: [{ key: { a: [1] } }] } }, 'filter on "value" only'],
  ])('rejects %j: %s', (event, message) => {
    const view = service({ f: { events: [event] } });

    expect(() => specsOf(view)).toThrow(KafkaEventSourceConfigError);
    expect(() => specsOf(view)).toThrow(message);
  });

  it.each([
    [
      { MaximumBatchingWindowInSeconds: 301 },
      'MaximumBatchingWindowInSeconds must be a whole number from 0 to 300',
    ],
    [{ MaximumRecordAgeInSeconds: 30 }, 'MaximumRecordAgeInSeconds must be -1 or 60 to 604800'],
    [
      { MaximumRecordAgeInSeconds: 604_801 },
      'MaximumRecordAgeInSeconds must be a whole number from -1 to 604800',
    ],
    [{ MaximumRetryAttempts: 'often' }, 'MaximumRetryAttempts must be a whole number from -1 to 10000'],
    [
      { FunctionResponseTypes: ['ReportItemFailures'] },
      'FunctionResponseTypes may only hold ReportBatchItemFailures',
    ],
    [{ BisectBatchOnFunctionError: 'yes' }, 'BisectBatchOnFunctionError must be true or false'],
    [
      { DestinationConfig: { OnFailure: { Destination: 'kafka://t' } } },
      'the failure destination is the source topic',
    ],
  ])('rejects the mapping setting %j, naming the extension', (properties, message) => {
    const view = service(
      { f: { events: [{ msk: { arn: ARN, topic: 't' } }] } },
      { extensions: { FEventSourceMappingMSKOrdersT: { Properties: properties } } },
    );

    expect(() => specsOf(view)).toThrow(
      `serverless-offline-kafka: function f, event 1 (msk) (with resources.extensions.FEventSourceMappingMSKOrdersT): ${message}`,
    );
  });

  it('refuses the old custom functions section, pointing at resources.extensions', () => {
    const view = service(
      { f: { events: [{ msk: { arn: ARN, topic: 't' } }] } },
      { custom: { 'serverless-offline-kafka': { functions: { f: { maximumRetryAttempts: 1 } } } } },
    );

    expect(() => specsOf(view)).toThrow(/custom.serverless-offline-kafka.functions is no longer read/);
  });

  it('refuses an extension of a Kafka mapping no event generates (a renamed topic), as the deploy does', () => {
    const view = service(
      { f: { events: [{ msk: { arn: ARN, topic: 't-renamed' } }] } },
      {
        extensions: {
          FEventSourceMappingMSKOrdersT: {
            Properties: { FunctionResponseTypes: ['ReportBatchItemFailures'] },
          },
          // Extensions of other resources are the deploy's to check.
          FLogGroup: { Properties: { RetentionInDays: 7 } },
        },
      },
    );

    expect(() => specsOf(view)).toThrow(
      'serverless-offline-kafka: resources.extensions.FEventSourceMappingMSKOrdersT extends no Kafka event ' +
        'source mapping of this service (the msk/kafka events generate: FEventSourceMappingMSKOrdersTrenamed)',
    );
  });

  it('names mappings exactly as the framework does', () => {
    // The framework's own naming module, as the CLI hands it to plugins.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the framework module is CommonJS without types
    const naming = require(
      path.join(process.cwd(), 'node_modules/serverless/lib/plugins/aws/lib/naming.js'),
    ) as MappingNaming;
    const cases: Array<[string, string, string]> = [
      ['notify', 'MskClusterArn', 'order-events'],
      ['send-email_now', 'my-cluster', 'orders.v2'],
    ];

    for (const [fn, cluster, topic] of cases) {
      expect(frameworkNaming.getMSKEventLogicalId(fn, cluster, topic)).toBe(
        naming.getMSKEventLogicalId.call(naming, fn, cluster, topic),
      );
      expect(frameworkNaming.getKafkaEventLogicalId(fn, topic)).toBe(
        naming.getKafkaEventLogicalId.call(naming, fn, topic),
      );
    }
  });

  it('generates the mapping properties the framework would, leaving out a window of 0', () => {
    expect(
      mappingPropertiesOf('msk', {
        arn: ARN,
        topic: 't',
        maximumBatchingWindow: 0,
        consumerGroupId: 'g',
        filterPatterns: [{ value: { a: [1] } }],
      }),
    ).toEqual({
      EventSourceArn: ARN,
      StartingPosition: 'TRIM_HORIZON',
      Topics: ['t'],
      AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'g' },
      FilterCriteria: { Filters: [{ Pattern: '{"value":{"a":[1]}}' }] },
    });
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
