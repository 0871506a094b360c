import { ConfigError, millisecondsEnv, once, optionalEnv, requireEnv } from '../shared/config/env';
import { isEmailLanguage, type EmailLanguage } from './domain/email-message';

/** Where notifications are stored (all that the read side needs). */
export const notificationStoreConfig = once(() => ({
  table: requireEnv('NOTIFICATIONS_TABLE'),
}));

/** How order events become emails, and where the unusable ones go. */
export const notificationDeliveryConfig = once(() => ({
  sender: requireEnv('SES_SENDER'),
  language: emailLanguage(optionalEnv('EMAIL_LANGUAGE') ?? 'es'),
  deadLetterTopic: requireEnv('ORDER_EVENTS_DLQ_TOPIC'),
  /** Connect + send + acks together; past it the batch fails and is delivered again. */
  deadLetterTimeoutMs: millisecondsEnv('ORDER_EVENTS_DLQ_PUBLISH_TIMEOUT_MS', 5000),
}));

function emailLanguage(value: string): EmailLanguage {
  if (!isEmailLanguage(value)) throw new ConfigError(`EMAIL_LANGUAGE must be es or en, got ${value}`);
  return value;
}
