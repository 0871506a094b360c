import type { ReplayResult } from '../api';
import { originalOf } from './dead-letters';
import type { KafkaSource } from './sources';
import { BadQueryError } from './views/records';

export interface DeadLetterRef {
  topic: string;
  partition: number;
  offset: number;
}

/**
 * Puts one dead letter back on the topic it came from: its original key (so the same partition and per-key
 * order), value and headers, without what the dead-letter writer added. Replaying twice is harmless: notify
 * sends at most one email per eventId. The one operation behind the console's replay button.
 * @throws BadQueryError when there is no such record, or it would go back onto the dead-letter topic
 */
export async function replayDeadLetter(
  kafka: KafkaSource,
  ref: DeadLetterRef,
  fallbackTopic: string,
  now: () => Date = () => new Date(),
): Promise<ReplayResult> {
  const [record] = await kafka.read(ref.topic, [
    { partition: ref.partition, from: ref.offset, to: ref.offset + 1 },
  ]);
  if (!record || record.offset !== ref.offset) {
    throw new BadQueryError(`no record at ${ref.topic}/${ref.partition}@${ref.offset}`, 'offset');
  }
  const original = originalOf(record);
  const topic = original.topic ?? fallbackTopic;
  if (topic === ref.topic) {
    throw new BadQueryError('a dead letter cannot be replayed onto its own topic', 'topic');
  }
  const { key, value, headers } = original;
  const landed = await kafka.write(topic, { key, value, headers });
  return { topic, ...landed, at: now().toISOString() };
}
