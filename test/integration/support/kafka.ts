import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { localKafka } from '../../../scripts/infra/provision';
import { eventually } from './wait';

export interface ReadRecord {
  partition: number;
  offset: string;
  message: KafkaMessage;
}

/** The end offset of each partition now: records produced after this call sit at or beyond them. */
export async function endOffsets(topic: string): Promise<Map<number, string>> {
  const admin = localKafka('test-offsets').admin();
  await admin.connect();
  try {
    // Right after a topic is created the broker may not yet answer for all its partitions.
    const offsets = await eventually(`the end offsets of ${topic}`, () =>
      admin.fetchTopicOffsets(topic).catch(() => undefined),
    );
    return new Map(offsets.map((o) => [o.partition, o.high]));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads `topic` from the given offsets, with a throwaway consumer group, until `done` says it has what
 * it waited for. Always leaves the group.
 */
export async function readFrom(
  topic: string,
  from: Map<number, string>,
  done: (records: ReadRecord[]) => boolean,
  timeoutMs = 15_000,
): Promise<ReadRecord[]> {
  const consumer = localKafka('test-reader').consumer({
    groupId: `test-reader-${randomUUID()}`,
    maxWaitTimeInMs: 100,
  });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic] });
    const assigned = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        records.push({ partition, offset: message.offset, message });
      },
    });
    await assigned;
    for (const [partition, offset] of from) consumer.seek({ topic, partition, offset });
    return await eventually(`records on ${topic}`, async () => (done(records) ? records : undefined), {
      timeoutMs,
    });
  } finally {
    await consumer.disconnect();
  }
}
