import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { lintTemplate, PACKAGED_TEMPLATE } from '../../scripts/deploy/cfn-lint';
import { ROOT } from '../../scripts/infra/local';
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

    expect(kafkaFunctions.sort()).toEqual(['order-system-prod-createOrder', 'order-system-prod-notify']);
    for (const name of ['createOrder', 'notify']) {
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

  describe("notify's event source mapping", () => {
    const mappings = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping');
    const mapping = mappings[0]![1].Properties;

    it('reads order-events from the start in group notification-service-group, on the cluster parameter', () => {
      expect(mappings).toHaveLength(1);
      expect(mapping).toMatchObject({
        FunctionName: { 'Fn::GetAtt': ['NotifyLambdaFunction', 'Arn'] },
        EventSourceArn: { Ref: 'MskClusterArn' },
        Topics: ['order-events'],
        AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'notification-service-group' },
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 50,
      });
      // Unset means AWS's 500 ms Kafka default: the shortest window, so the email is not held back.
      expect(mapping).not.toHaveProperty('MaximumBatchingWindowInSeconds');
      expect(template.Parameters.MskClusterArn!.Default).toBe(example.mskClusterArn);
      expect(example.mskClusterArn).toMatch(new RegExp(template.Parameters.MskClusterArn!.AllowedPattern!));
    });

    it('retries a failing batch through a long outage before order-events.dlq, in provisioned mode', () => {
      expect(mapping).toMatchObject({
        MaximumRetryAttempts: 10000,
        DestinationConfig: { OnFailure: { Destination: 'kafka://order-events.dlq' } },
        ProvisionedPollerConfig: { MinimumPollers: 1, MaximumPollers: 3 },
      });
    });
  });

  it('creates on-demand tables with point-in-time recovery, encryption and deletion protection, kept on delete', () => {
    const tables = resourcesOfType(template, 'AWS::DynamoDB::Table');

    expect(tables.map(([, table]) => table.Properties.TableName).sort()).toEqual([
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

  it("keeps each function's logs 30 days", () => {
    const groups = resourcesOfType(template, 'AWS::Logs::LogGroup');

    expect(groups).toHaveLength(functions.length);
    for (const [, group] of groups) expect(group.Properties.RetentionInDays).toBe(30);
  });
});
