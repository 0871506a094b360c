import type { KafkaMessage } from 'kafkajs';
import { buildEvent, toLambdaRecord } from '../../../../plugins/serverless-offline-kafka/src/event';
import mskExample from '../../../fixtures/events/msk-event.json';
import selfManagedExample from '../../../fixtures/events/self-managed-kafka-event.json';

function message(fields: Partial<KafkaMessage> & { offset: string }): KafkaMessage {
  return {
    key: null,
    value: null,
    timestamp: '1545084650987',
    attributes: 0,
    headers: {},
    ...fields,
  } as KafkaMessage;
}

/** The record of AWS's documented example, as kafkajs would have read it from the broker. */
const exampleRecord = {
  topic: 'mytopic',
  partition: 0,
  message: message({
    offset: '15',
    key: Buffer.from('recordKey'),
    value: Buffer.from('{"key":"value"}'),
    headers: { headerKey: Buffer.from('headerValue') },
  }),
};

describe('buildEvent', () => {
  it('builds exactly the MSK event of the AWS documentation', () => {
    const event = buildEvent({ type: 'msk', arn: mskExample.eventSourceArn }, mskExample.bootstrapServers, [
      exampleRecord,
    ]);

    expect(event).toEqual(mskExample);
  });

  it('builds exactly the self-managed Kafka event of the AWS documentation, without an ARN', () => {
    const event = buildEvent({ type: 'kafka' }, selfManagedExample.bootstrapServers, [exampleRecord]);

    expect(event).toEqual(selfManagedExample);
    expect(event).not.toHaveProperty('eventSourceArn');
  });

  it('groups records by topic-partition, several partitions in one event, each group in offset order', () => {
    const event = buildEvent({ type: 'kafka' }, 'localhost:9092', [
      { topic: 'orders', partition: 2, message: message({ offset: '8' }) },
      { topic: 'orders', partition: 0, message: message({ offset: '4' }) },
      { topic: 'orders', partition: 2, message: message({ offset: '7' }) },
    ]);

    expect(Object.keys(event.records)).toEqual(['orders-2', 'orders-0']);
    expect(event.records['orders-2']!.map((r) => r.offset)).toEqual([7, 8]);
    expect(event.records['orders-0']!.map((r) => r.offset)).toEqual([4]);
  });
});

describe('toLambdaRecord', () => {
  it('leaves out the key of a keyless record and the value of a tombstone, as AWS does', () => {
    const record = toLambdaRecord({ topic: 't', partition: 1, message: message({ offset: '3' }) });

    expect(record).not.toHaveProperty('key');
    expect(record).not.toHaveProperty('value');
    expect(record).toMatchObject({ topic: 't', partition: 1, offset: 3, timestamp: 1545084650987 });
  });

  it('writes header bytes as signed Java bytes and keeps repeated headers in order', () => {
    const record = toLambdaRecord({
      topic: 't',
      partition: 0,
      message: message({
        offset: '1',
        headers: { 'x-name': Buffer.from('hé'), trace: [Buffer.from('a'), Buffer.from('b')] },
      }),
    });

    expect(record.headers).toEqual([{ 'x-name': [104, -61, -87] }, { trace: [97] }, { trace: [98] }]);
  });

  it('says LOG_APPEND_TIME when the record batch carries broker time', () => {
    const appended = {
      ...message({ offset: '1' }),
      batchContext: { timestampType: 1 },
    } as unknown as KafkaMessage;

    expect(toLambdaRecord({ topic: 't', partition: 0, message: appended }).timestampType).toBe(
      'LOG_APPEND_TIME',
    );
    expect(
      toLambdaRecord({ topic: 't', partition: 0, message: message({ offset: '1' }) }).timestampType,
    ).toBe('CREATE_TIME');
  });
});
