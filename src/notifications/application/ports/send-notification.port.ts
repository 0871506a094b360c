import type { EmailMessage, SentEmail } from '../../domain/email-message';

/** Delivers a notification to a customer through a provider (SES today). */
export interface SendNotificationPort {
  /**
   * Hands the email to the provider; resolves once the provider accepted it.
   * @throws NotificationRejectedError when the provider refuses this message for good
   * @throws NotificationChannelUnavailableError when trying again later can succeed
   */
  send(email: EmailMessage): Promise<SentEmail>;
}
