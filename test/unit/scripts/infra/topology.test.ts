import { loadTopology, topologyFrom } from '../../../../scripts/infra/topology';

describe('topology', () => {
  it('reads topics, tables and the sender from the resolved serverless.yml of the local stage', () => {
    const topology = loadTopology('local');

    expect(topology.topics).toContainEqual({ name: 'order-events', partitions: 3, config: {} });
    // Room for the dead-letter envelope of the largest record an invocation can carry.
    expect(topology.topics).toContainEqual({
      name: 'order-events.dlq',
      partitions: 3,
      config: { 'max.message.bytes': '8388608' },
    });
    expect(topology.tables.map((table) => table.TableName)).toEqual(
      expect.arrayContaining(['order-system-local-users', 'order-system-local-orders']),
    );
    expect(topology.sesSender).toMatch(/@/);
  });

  it('turns a CloudFormation table into a CreateTable call without AWS-only settings', () => {
    const { tables } = topologyFrom({
      custom: { ses: { sender: 'a@b.c' } },
      resources: {
        Resources: {
          Things: {
            Type: 'AWS::DynamoDB::Table',
            Properties: {
              TableName: 'things',
              BillingMode: 'PAY_PER_REQUEST',
              AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
              KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
              PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
              DeletionProtectionEnabled: true,
            },
          },
          Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
        },
      },
    });

    expect(tables).toEqual([
      {
        TableName: 'things',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      },
    ]);
  });

  it('keeps a table’s time to live apart, for the provisioner to turn on after creating the table', () => {
    const { tables, timeToLive } = topologyFrom({
      custom: { ses: { sender: 'a@b.c' } },
      resources: {
        Resources: {
          Keys: {
            Type: 'AWS::DynamoDB::Table',
            Properties: {
              TableName: 'keys',
              AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
              KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
              TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
            },
          },
        },
      },
    });

    expect(tables[0]).not.toHaveProperty('TimeToLiveSpecification');
    expect(timeToLive).toEqual([{ TableName: 'keys', AttributeName: 'expiration' }]);
  });

  it('reads the idempotency table and its time to live from serverless.yml', () => {
    const topology = loadTopology('local');

    expect(topology.timeToLive).toEqual([
      { TableName: 'order-system-local-idempotency', AttributeName: 'expiration' },
    ]);
  });

  it('names what is wrong in a bad definition', () => {
    expect(() =>
      topologyFrom({ custom: { topics: { orders: { name: 'orders' } }, ses: { sender: 'a@b.c' } } }),
    ).toThrow('custom.topics.orders needs a name and a whole number of partitions');
    expect(() => topologyFrom({ custom: {} })).toThrow('custom.ses.sender must be an email address');
  });
});
