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
