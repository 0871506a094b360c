import { SendEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import type { SendNotificationPort } from '../../application/ports/send-notification.port';
import type { EmailMessage, SentEmail } from '../../domain/email-message';
import {
  NotificationChannelUnavailableError,
  NotificationRejectedError,
} from '../../domain/notification.errors';

/**
 * SES answers that mean "not this message, not ever": a rejected message or a malformed address. Anything
 * else (throttling, 5xx, timeouts, a sender or account problem an operator can fix) is worth retrying.
 */
const PERMANENT = new Set(['MessageRejected', 'InvalidParameterValue']);

/** Sends notifications as emails through SES (API v1, which every emulator we use also serves). */
export class SesEmailSender implements SendNotificationPort {
  constructor(
    private readonly ses: SESClient,
    private readonly from: string,
  ) {}

  async send(email: EmailMessage): Promise<SentEmail> {
    const command = new SendEmailCommand({
      Source: this.from,
      Destination: { ToAddresses: [email.to] },
      Message: {
        Subject: { Data: email.subject, Charset: 'UTF-8' },
        Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
      },
    });
    let messageId: string | undefined;
    try {
      ({ MessageId: messageId } = await this.ses.send(command));
    } catch (error) {
      throw translate(error);
    }
    // SES always returns one; were it missing, the email is still sent and must not be sent again.
    return { providerMessageId: messageId ?? 'unknown' };
  }
}

function translate(error: unknown): Error {
  const name = error instanceof Error ? error.name : 'UnknownError';
  // SES quotes addresses in its messages: they must not reach logs or the stored reason.
  const detail = error instanceof Error ? withoutAddresses(error.message) : '';
  const message = `SES ${name}${detail ? `: ${detail}` : ''}`;
  return PERMANENT.has(name)
    ? new NotificationRejectedError(message)
    : new NotificationChannelUnavailableError(message);
}

export function withoutAddresses(text: string): string {
  return text.replace(/[^\s@<>"',;:()[\]]+@[^\s@<>"',;:()[\]]+/g, '<address>');
}
