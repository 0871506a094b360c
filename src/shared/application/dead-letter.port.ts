import type { InboundMessage } from './inbound-message';

/** Why a message was set aside: a stable code, a human explanation and the offending field if any. */
export interface DeadLetterReason {
  code: string;
  message: string;
  field?: string;
  at: Date;
}

/** Sets aside messages that can never be processed, intact, so that an operator can inspect and replay them. */
export interface DeadLetterPort {
  /**
   * Keeps the message as received, with the reason; resolves once it is durably stored.
   * @throws DeadLetterUnavailableError
   */
  quarantine(message: InboundMessage, reason: DeadLetterReason): Promise<void>;
}

/** What a consumer reports for a message it set aside. */
export interface DeadLettered {
  outcome: 'dead-lettered';
  code: string;
  field?: string;
}

/**
 * Sets a message that retrying cannot fix aside, intact and with why, so the ones behind it go through.
 * @throws DeadLetterUnavailableError: the message must then be delivered again, never dropped
 */
export async function setAside(
  deadLetters: DeadLetterPort,
  message: InboundMessage,
  problem: { code: string; message: string; field?: string | undefined },
  at: Date,
): Promise<DeadLettered> {
  const field = problem.field === undefined ? {} : { field: problem.field };
  await deadLetters.quarantine(message, { code: problem.code, message: problem.message, ...field, at });
  return { outcome: 'dead-lettered', code: problem.code, ...field };
}
