import type { IHeaders, Producer } from 'kafkajs';
import type { DeadLetterPort, DeadLetterReason } from '../application/dead-letter.port';
import type { InboundMessage } from '../application/inbound-message';
import { DeadLetterUnavailableError } from '../domain/domain-error';
import { withDeadline } from '../deadline';

/**
 * Sets unprocessable messages aside on a Kafka topic: the original key, value and headers, plus `dlq-*`
 * headers saying why, when, by whom and where the message came from. Same key, so a replay keeps the
 * original per-key order.
 */
export class KafkaDeadLetterPublisher implements DeadLetterPort {
  /**
   * @param timeoutMs bound on connecting and sending together: kafkajs' connection, request and retry
   *   timeouts add up to far more than an invocation should spend on one message
   */
  constructor(
    private readonly producer: () => Promise<Producer>,
    private readonly topic: string,
    private readonly consumer: string,
    private readonly timeoutMs: number,
  ) {}

  async quarantine(message: InboundMessage, reason: DeadLetterReason): Promise<void> {
    try {
      await withDeadline(this.send(message, reason), this.timeoutMs, `writing to ${this.topic}`);
    } catch (error) {
      throw new DeadLetterUnavailableError(`could not write to ${this.topic}`, 5, { cause: error });
    }
  }

  private async send(message: InboundMessage, reason: DeadLetterReason): Promise<void> {
    const producer = await this.producer();
    await producer.send({
      topic: this.topic,
      acks: -1,
      timeout: this.timeoutMs,
      messages: [
        {
          key: toBuffer(message.key),
          value: toBuffer(message.value),
          headers: deadLetterHeaders(message, reason, this.consumer),
        },
      ],
    });
  }
}

export function deadLetterHeaders(
  message: InboundMessage,
  reason: DeadLetterReason,
  consumer: string,
): IHeaders {
  const headers: Record<string, Buffer[]> = {};
  for (const { name, value } of message.headers) {
    // A replayed dead letter that fails again says why this time, not a mix of both.
    if (name.startsWith('dlq-')) continue;
    // Kafka allows a header name more than once: keep every value, in order.
    (headers[name] ??= []).push(Buffer.from(value));
  }
  const ours: Record<string, string | undefined> = {
    'dlq-reason': reason.code,
    'dlq-error': reason.message,
    'dlq-field': reason.field,
    'dlq-failed-at': reason.at.toISOString(),
    'dlq-consumer': consumer,
    ...Object.fromEntries(Object.entries(message.origin).map(([key, value]) => [`dlq-source-${key}`, value])),
  };
  const result: IHeaders = {};
  for (const [name, values] of Object.entries(headers))
    result[name] = values.length === 1 ? values[0] : values;
  for (const [name, value] of Object.entries(ours)) if (value !== undefined) result[name] = value;
  return result;
}

function toBuffer(bytes: Uint8Array | null): Buffer | null {
  return bytes === null ? null : Buffer.from(bytes);
}
