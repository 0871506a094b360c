import { randomUUID } from 'node:crypto';
import { SESClient } from '@aws-sdk/client-ses';
import { json } from '../../functions/shared/http/responses';
import { httpHandler } from '../../functions/shared/http/http-handler';
import { DynamoDbNotificationRepository } from '../../src/notifications/adapters/dynamodb/dynamodb-notification.repository';
import { SesEmailSender } from '../../src/notifications/adapters/ses/ses-email.sender';
import { ProcessOrderEventUseCase } from '../../src/notifications/application/use-cases/process-order-event.use-case';
import { awsClientConfig } from '../../src/shared/aws/aws.config';
import { dynamoDb } from '../../src/shared/aws/dynamodb-client';
import { httpUrlEnv, once, requireEnv } from '../../src/shared/config/env';
import { lazy } from '../../src/shared/lazy';
import { createLogger } from '../../src/shared/logger';

const logger = createLogger('sync-baseline', 'notify');

const config = once(() => ({
  table: requireEnv('NOTIFICATIONS_TABLE'),
  sender: requireEnv('SES_SENDER'),
  /** The mail provider: the emulator's SES, or the benchmark's proxy that delays each send. */
  mailEndpoint: httpUrlEnv('MAIL_ENDPOINT_URL'),
}));

/**
 * The same notification work as the event-driven notify (record per event, one email, marked sent), fed
 * by an HTTP call instead of a Kafka record.
 */
const processOrderEvent = lazy(() => {
  const { table, sender, mailEndpoint } = config();
  return new ProcessOrderEventUseCase({
    notifications: new DynamoDbNotificationRepository(dynamoDb(), table),
    sender: new SesEmailSender(new SESClient({ ...awsClientConfig(), endpoint: mailEndpoint }), sender),
    // An unusable event is refused with 400 below; the caller keeps it.
    deadLetters: { quarantine: async () => undefined },
    language: 'es',
    newId: () => randomUUID(),
  });
});

/** POST /sync/notifications {OrderCreated event} → 200 once the email was sent (or already had been). */
export const handler = httpHandler(logger).handler(async (event, context) => {
  const body = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64')
    : Buffer.from(event.body ?? '');
  const result = await processOrderEvent().execute(
    {
      key: null,
      value: body,
      headers: [],
      origin: { transport: 'http' },
    },
    { deadline: new Date(Date.now() + context.getRemainingTimeInMillis()) },
  );
  logger.info('order event processed', result);
  if (result.outcome === 'dead-lettered')
    return json(400, { error: { code: result.code, message: 'not an OrderCreated event' } });
  if (result.outcome === 'failed')
    return json(502, { error: { code: 'EMAIL_REJECTED', message: result.reason } });
  return json(200, result);
});
