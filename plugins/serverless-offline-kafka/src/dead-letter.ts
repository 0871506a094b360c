import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { SourceRecord } from './event';
import { withoutValue, type FailureRecord } from './failure-record';

/**
 * Writes failure records to a `kafka://` on-failure destination: one message per record, keyed by the
 * original record's key (a keyless record goes wherever the partitioner puts it), whose value is the
 * failure record as JSON. A record whose failure record is larger than the destination topic accepts is
 * written without its value, with a header saying so, instead of being retried for ever: the original stays
 * at its offset in the source topic for as long as the topic keeps it.
 */
export const VALUE_OMITTED_HEADER = 'x-offline-kafka-value-omitted';

export interface FailedRecord {
  record: SourceRecord;
  failure: FailureRecord;
}

export class DeadLetterWriter {
  private producer: Promise<Producer> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly log: { warning(line: string): void },
  ) {}

  /** Resolves once every record is durably on the topic (acks from all in-sync replicas). */
  async write(failed: readonly FailedRecord[]): Promise<void> {
    const producer = await this.connected();
    // One at a time and in order: a record too large for the topic must not take the others down with it.
    for (const { record, failure } of failed) {
      const key = record.message.key ?? null;
      try {
        await producer.send({
          topic: this.topic,
          acks: -1,
          timeout: 10_000,
          messages: [{ key, value: JSON.stringify(failure) }],
        });
      } catch (error) {
        if (!isTooLarge(error)) throw error;
        const bytes = Buffer.byteLength(JSON.stringify(failure));
        const reason = `the failure record (${bytes} bytes) exceeds ${this.topic}'s max.message.bytes`;
        this.log.warning(
          `${record.topic}-${record.partition}[${record.message.offset}]: ${reason}; writing it without the record's value`,
        );
        await producer.send({
          topic: this.topic,
          acks: -1,
          timeout: 10_000,
          messages: [
            {
              key,
              value: JSON.stringify(withoutValue(failure)),
              headers: { [VALUE_OMITTED_HEADER]: reason },
            },
          ],
        });
      }
    }
  }

  async close(): Promise<void> {
    const producer = await this.producer?.catch(() => undefined);
    this.producer = undefined;
    await producer?.disconnect();
  }

  private connected(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return producer;
    })().catch((error: unknown) => {
      this.producer = undefined;
      throw error;
    });
    return this.producer;
  }
}

/** The broker refused the message for its size (kafkajs wraps the protocol error it got). */
function isTooLarge(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { type, cause, originalError } = current as {
      type?: unknown;
      cause?: unknown;
      originalError?: unknown;
    };
    if (type === 'MESSAGE_TOO_LARGE' || type === 'RECORD_LIST_TOO_LARGE') return true;
    current = originalError ?? cause;
  }
  return false;
}
