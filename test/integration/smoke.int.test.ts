/** Proves the local components are real and provisioned as serverless.yml says. */

import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { Partitioners } from 'kafkajs';
import { readCapturedEmails } from '../../scripts/infra/captured-emails';
import { LOCAL } from '../../scripts/infra/local';
import { localAwsClientConfig, localKafka } from '../../scripts/infra/provision';
import { loadTopology } from '../../scripts/infra/topology';
import { endOffsets, readFrom } from './support/kafka';
import { createTopic, deleteTopics } from './support/topics';
import { eventually } from './support/wait';

const topology = loadTopology(LOCAL.stage);
const orderEvents = topology.topics.find((topic) => topic.name === 'order-events')!;

describe('local Kafka broker', () => {
  let topic: string;
  beforeAll(async () => {
    topic = await createTopic('smoke', orderEvents.partitions);
  });
  afterAll(() => deleteTopics(topic));

  it('has order-events with its 3 partitions, as serverless.yml says', async () => {
    expect((await endOffsets(orderEvents.name)).size).toBe(orderEvents.partitions);
  });

  // On a topic of its own shaped like order-events: records left on the real one are what `npm run dev`
  // would consume next.
  it('spreads keyed records over 3 partitions as order-events would, and delivers each in its partition', async () => {
    const run = randomUUID();
    const keys = Array.from({ length: 30 }, (_, i) => `smoke-key-${i}`);
    const partitionFor = Partitioners.DefaultPartitioner();
    const partitionMetadata = [0, 1, 2].map((partitionId) => ({
      partitionId,
      partitionErrorCode: 0,
      leader: 1,
      replicas: [1],
      isr: [1],
    }));
    const expected = new Map(
      keys.map((key) => [key, partitionFor({ topic, partitionMetadata, message: { key, value: null } })]),
    );
    const from = await endOffsets(topic);
    const producer = localKafka('smoke-producer').producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      await producer.send({
        topic,
        acks: -1,
        messages: keys.map((key) => ({ key, value: JSON.stringify({ run, key }) })),
      });
    } finally {
      await producer.disconnect();
    }

    const ours = (records: Awaited<ReturnType<typeof readFrom>>) =>
      records.filter((r) => r.message.value && JSON.parse(r.message.value.toString()).run === run);
    const records = ours(await readFrom(topic, from, (all) => ours(all).length === keys.length));

    expect(new Set(records.map((r) => r.partition))).toEqual(new Set([0, 1, 2]));
    for (const record of records) {
      expect(record.partition).toBe(expected.get(record.message.key!.toString()));
    }
  });
});

describe('local DynamoDB', () => {
  const tableName = topology.tables[0]!.TableName!;
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient(localAwsClientConfig()));
  afterAll(() => documents.destroy());

  it(`writes and reads back an item in ${tableName}`, async () => {
    const id = `smoke-${randomUUID()}`;
    await documents.send(new PutCommand({ TableName: tableName, Item: { id, amount: '99.99' } }));
    const { Item } = await documents.send(
      new GetCommand({ TableName: tableName, Key: { id }, ConsistentRead: true }),
    );
    await documents.send(new DeleteCommand({ TableName: tableName, Key: { id } }));

    expect(Item).toEqual({ id, amount: '99.99' });
  });
});

describe('local SES', () => {
  const ses = new SESClient(localAwsClientConfig());
  afterAll(() => ses.destroy());

  it('captures a sent email, readable through the captured-email reader', async () => {
    const recipient = `smoke-${randomUUID()}@example.com`;
    const { MessageId } = await ses.send(
      new SendEmailCommand({
        Source: topology.sesSender,
        Destination: { ToAddresses: [recipient] },
        Message: {
          Subject: { Data: '📦 smoke test', Charset: 'UTF-8' },
          Body: { Text: { Data: 'plain body' }, Html: { Data: '<p>html body</p>' } },
        },
      }),
    );

    const email = await eventually('the captured email', async () =>
      (await readCapturedEmails()).find((e) => e.to.includes(recipient)),
    );
    expect(email).toMatchObject({
      messageId: MessageId,
      from: topology.sesSender,
      to: [recipient],
      subject: '📦 smoke test',
      text: 'plain body',
      html: '<p>html body</p>',
    });
    expect(Math.abs(email.sentAt.getTime() - Date.now())).toBeLessThan(60_000);
  });
});
