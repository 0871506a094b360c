import type { Producer, ProducerRecord } from 'kafkajs';

/**
 * A stand-in for the kafkajs producer: records what it is asked to send, then answers as `send` says — by
 * default as a broker does, with where the record landed (partition 0, offset 41).
 */
export function fakeProducer(
  send: (record: ProducerRecord) => Promise<unknown> = async (record) => [
    {
      topicName: record.topic,
      partition: 0,
      errorCode: 0,
      baseOffset: '41',
      logAppendTime: '-1',
      logStartOffset: '0',
    },
  ],
) {
  const sent: ProducerRecord[] = [];
  const producer = {
    send: async (record: ProducerRecord) => {
      sent.push(record);
      return send(record);
    },
  } as unknown as Producer;
  return { producer, sent };
}
