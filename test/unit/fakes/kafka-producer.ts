import type { Producer, ProducerRecord } from 'kafkajs';

/** A stand-in for the kafkajs producer: records what it is asked to send, then answers as `send` says. */
export function fakeProducer(send: (record: ProducerRecord) => Promise<unknown> = async () => []) {
  const sent: ProducerRecord[] = [];
  const producer = {
    send: async (record: ProducerRecord) => {
      sent.push(record);
      return send(record);
    },
  } as unknown as Producer;
  return { producer, sent };
}
