import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { lintTemplate, PACKAGED_TEMPLATE } from '../../scripts/deploy/cfn-lint';
import {
  eventSources,
  specFromMapping,
  type EventSourceSpec,
  type ServiceView,
} from '../../plugins/serverless-offline-kafka/src/config';
import { LOCAL, ROOT } from '../../scripts/infra/local';
import { resolvedServerlessConfig } from '../../scripts/infra/topology';
import { readServerlessYml } from '../support/serverless-yml';
import { evaluate, packagedTemplate, resourcesOfType } from './support/template';

/** The template `npm run package:aws` wrote for stage prod with deploy/params.example.yml. */
const template = packagedTemplate();
const functions = resourcesOfType(template, 'AWS::Lambda::Function');
const example = parse(readFileSync(path.join(ROOT, 'deploy', 'params.example.yml'), 'utf8')) as Record<
  string,
  unknown
>;
const fn = (name: string) =>
  functions.find(([, resource]) => resource.Properties.FunctionName === `order-system-prod-${name}`)![1];

describe('the packaged AWS template', () => {
  it('passes cfn-lint with no errors and no warnings', () => {
    const { ok, output } = lintTemplate(PACKAGED_TEMPLATE);

    expect(output).toBe('');
    expect(ok).toBe(true);
  });

  it('runs every function of serverless.yml on nodejs22.x, arm64, with its handler', () => {
    const declared = readServerlessYml().functions;

    expect(functions).toHaveLength(Object.keys(declared).length);
    for (const [name, { handler }] of Object.entries(declared)) {
      expect(fn(name).Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: handler,
      });
    }
  });

  it('keeps every local-only value out of the template', () => {
    const text = readFileSync(PACKAGED_TEMPLATE, 'utf8');

    for (const local of [
      'localhost',
      '127.0.0.1',
      '4566',
      'AWS_ENDPOINT_URL',
      'order-system-local',
      '000000000000',
    ]) {
      expect(text).not.toContain(local);
    }
  });

  it('puts the functions that talk to Kafka, and only those, in the cluster VPC with IAM auth', () => {
    const kafkaFunctions = functions
      .filter(([, resource]) => resource.Properties.VpcConfig !== undefined)
      .map(([, resource]) => resource.Properties.FunctionName);

    expect(kafkaFunctions.sort()).toEqual([
      'order-system-prod-analytics',
      'order-system-prod-createOrder',
      'order-system-prod-notify',
      'order-system-prod-outboxRelay',
    ]);
    for (const name of ['createOrder', 'notify', 'outboxRelay', 'analytics']) {
      const { Environment, VpcConfig } = fn(name).Properties as {
        Environment: { Variables: Record<string, unknown> };
        VpcConfig: unknown;
      };
      expect(evaluate(template, VpcConfig)).toEqual({
        SubnetIds: example.kafkaSubnetIds,
        SecurityGroupIds: example.kafkaSecurityGroupIds,
      });
      expect(Environment.Variables).toMatchObject({ KAFKA_AUTH: 'iam', KAFKA_BROKERS: example.kafkaBrokers });
    }
  });

  const mappings = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping');
  const mappingOf = (fn: string) =>
    mappings.find(
      ([, m]) => (m.Properties.FunctionName as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] === fn,
    )!;

  it('has one event source mapping per consumer: notify and analytics, each in its own group', () => {
    expect(
      mappings
        .map(
          ([, m]) =>
            (m.Properties.AmazonManagedKafkaEventSourceConfig as Record<string, string>).ConsumerGroupId,
        )
        .sort(),
    ).toEqual(['analytics-service-group', 'notification-service-group']);
  });

  describe("analytics' event source mapping", () => {
    const mapping = mappingOf('AnalyticsLambdaFunction')[1].Properties;

    it('reads the whole retained order-events in group analytics-service-group, as soon as records arrive, in provisioned mode', () => {
      expect(mapping).toMatchObject({
        EventSourceArn: { Ref: 'MskClusterArn' },
        Topics: ['order-events'],
        AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'analytics-service-group' },
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 100,
        MaximumBatchingWindowInSeconds: 0,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        MaximumRetryAttempts: 10000,
        // An order is worth counting however late it is read.
        MaximumRecordAgeInSeconds: -1,
        BisectBatchOnFunctionError: false,
        DestinationConfig: { OnFailure: { Destination: 'kafka://order-events.dlq' } },
        ProvisionedPollerConfig: { MinimumPollers: 1, MaximumPollers: 3 },
      });
    });
  });

  describe("notify's event source mapping", () => {
    const mapping = mappingOf('NotifyLambdaFunction')[1].Properties;

    it('reads order-events from the start in group notification-service-group, on the cluster parameter', () => {
      expect(mapping).toMatchObject({
        FunctionName: { 'Fn::GetAtt': ['NotifyLambdaFunction', 'Arn'] },
        EventSourceArn: { Ref: 'MskClusterArn' },
        Topics: ['order-events'],
        AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'notification-service-group' },
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 50,
      });
      expect(template.Parameters.MskClusterArn!.Default).toBe(example.mskClusterArn);
      expect(example.mskClusterArn).toMatch(new RegExp(template.Parameters.MskClusterArn!.AllowedPattern!));
    });

    it('invokes as soon as records arrive, takes partial batch responses, and retries through a long outage, dead-letters after a day, in provisioned mode', () => {
      expect(mapping).toMatchObject({
        // 0, not left out: left out, AWS waits its 500 ms Kafka default.
        MaximumBatchingWindowInSeconds: 0,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        MaximumRetryAttempts: 10000,
        MaximumRecordAgeInSeconds: 86400,
        BisectBatchOnFunctionError: false,
        DestinationConfig: { OnFailure: { Destination: 'kafka://order-events.dlq' } },
        ProvisionedPollerConfig: { MinimumPollers: 1, MaximumPollers: 3 },
      });
    });

    it('carries exactly what the local Kafka event source runs with', () => {
      const config = resolvedServerlessConfig(LOCAL.stage) as unknown as {
        service: string;
        provider: ServiceView['provider'];
        custom: Record<string, unknown>;
        resources: ServiceView['resources'];
        functions: Record<string, ReturnType<ServiceView['getFunction']>>;
      };
      const local = eventSources(
        {
          ...config,
          getAllFunctions: () => Object.keys(config.functions),
          getFunction: (key) => config.functions[key]!,
        },
        LOCAL.stage,
      ).specs;
      const deployedSpec = (functionKey: string) => {
        const [mappingId, resource] = mappingOf(
          `${functionKey[0]!.toUpperCase()}${functionKey.slice(1)}LambdaFunction`,
        );
        return specFromMapping(resource.Properties, {
          type: 'msk',
          where: mappingId,
          functionKey,
          functionName: `order-system-prod-${functionKey}`,
          mappingId,
          region: 'us-east-1',
          timeoutS: 30,
        });
      };
      const deployed = deployedSpec('notify');
      // Everything that decides what happens to a batch; names, ARNs and brokers differ by stage.
      const behaviour = ({
        functionKey,
        mappingId: id,
        topic,
        consumerGroupId,
        batchSize,
        batchingWindowMs,
        startingPosition,
        enabled,
        filterPatterns,
        provisioned,
        reportBatchItemFailures,
        bisectBatchOnFunctionError,
        maximumRecordAgeMs,
        retry,
        destination,
      }: EventSourceSpec) => ({
        functionKey,
        mappingId: id,
        topic,
        consumerGroupId,
        batchSize,
        batchingWindowMs,
        startingPosition,
        enabled,
        filterPatterns,
        provisioned,
        reportBatchItemFailures,
        bisectBatchOnFunctionError,
        maximumRecordAgeMs,
        maximumRetryAttempts: retry.maximumRetryAttempts,
        destination,
      });

      expect(local.map(behaviour)).toEqual([behaviour(deployed), behaviour(deployedSpec('analytics'))]);
      expect(behaviour(deployed)).toMatchObject({ batchingWindowMs: 0, reportBatchItemFailures: true });
    });
  });

  describe('the outbox relay', () => {
    it('runs every minute, a failed run left to the next one rather than retried', () => {
      const rules = resourcesOfType(template, 'AWS::Events::Rule');
      const invokeConfigs = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig');

      expect(rules).toHaveLength(1);
      expect(rules[0]![1].Properties).toMatchObject({
        ScheduleExpression: 'rate(1 minute)',
        State: 'ENABLED',
        Targets: [{ Arn: { 'Fn::GetAtt': ['OutboxRelayLambdaFunction', 'Arn'] } }],
      });
      expect(invokeConfigs).toHaveLength(1);
      expect(invokeConfigs[0]![1].Properties).toMatchObject({
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: 60,
      });
      expect(fn('outboxRelay').Properties.Timeout).toBeLessThan(60);
    });

    it('reads the pending orders through a sparse index of the orders table holding only what it publishes', () => {
      const orders = resourcesOfType(template, 'AWS::DynamoDB::Table').find(
        ([, table]) => table.Properties.TableName === 'order-system-prod-orders',
      )![1];

      expect(orders.Properties.GlobalSecondaryIndexes).toEqual([
        {
          IndexName: 'pendingEvents',
          KeySchema: [
            { AttributeName: 'pendingShard', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['pendingEvent'] },
        },
      ]);
      expect(fn('outboxRelay').Properties.Environment).toEqual({
        Variables: expect.objectContaining({
          ORDERS_TABLE: 'order-system-prod-orders',
          ORDER_EVENTS_TOPIC: 'order-events',
          OUTBOX_MIN_PENDING_AGE_MS: '30000',
        }),
      });
    });
  });

  it('creates on-demand tables with point-in-time recovery, encryption and deletion protection, kept on delete', () => {
    const tables = resourcesOfType(template, 'AWS::DynamoDB::Table');

    expect(tables.map(([, table]) => table.Properties.TableName).sort()).toEqual([
      'order-system-prod-analytics',
      'order-system-prod-idempotency',
      'order-system-prod-notifications',
      'order-system-prod-orders',
      'order-system-prod-users',
    ]);
    for (const [, table] of tables) {
      expect(table).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { SSEEnabled: true },
          DeletionProtectionEnabled: true,
        },
      });
    }
  });

  it('keeps Idempotency-Key records in a table of their own, which DynamoDB empties by their expiration', () => {
    const idempotency = resourcesOfType(template, 'AWS::DynamoDB::Table').find(
      ([, table]) => table.Properties.TableName === 'order-system-prod-idempotency',
    )![1];

    expect(idempotency.Properties).toMatchObject({
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    });
    expect(fn('createOrder').Properties.Environment).toEqual({
      Variables: expect.objectContaining({ IDEMPOTENCY_TABLE: 'order-system-prod-idempotency' }),
    });
  });

  it("keeps each function's logs 30 days", () => {
    const groups = resourcesOfType(template, 'AWS::Logs::LogGroup');

    expect(groups).toHaveLength(functions.length);
    for (const [, group] of groups) expect(group.Properties.RetentionInDays).toBe(30);
  });
});
