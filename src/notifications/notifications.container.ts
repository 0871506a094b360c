/**
 * notification-service's wiring: the only place that picks its concrete adapters. Everything is built on
 * first use, so the read side never loads what sending needs.
 *
 * Each `lazy(...)` is marked pure: a function's bundle then keeps only the wiring it uses, and with
 * package.json's `"sideEffects": false` esbuild drops the client modules nothing uses
 * (get-order-notifications ships no kafkajs, no SES). test/template/bundles.test.ts checks each bundle.
 */

import { dynamoDb } from '../shared/aws/dynamodb-client';
import { ses } from '../shared/aws/ses-client';
import { connectedProducer } from '../shared/kafka/kafka-client';
import { KafkaDeadLetterPublisher } from '../shared/kafka/kafka-dead-letter.publisher';
import { kafkaConfig } from '../shared/kafka/kafka.config';
import { lazy } from '../shared/lazy';
import { DynamoDbNotificationRepository } from './adapters/dynamodb/dynamodb-notification.repository';
import { SesEmailSender } from './adapters/ses/ses-email.sender';
import { GetOrderNotificationsUseCase } from './application/use-cases/get-order-notifications.use-case';
import { ProcessOrderEventUseCase } from './application/use-cases/process-order-event.use-case';
import { notificationDeliveryConfig, notificationStoreConfig } from './notifications.config';

const notificationRepository = /* @__PURE__ */ lazy(
  () => new DynamoDbNotificationRepository(dynamoDb(), notificationStoreConfig().table),
);

export const processOrderEvent = /* @__PURE__ */ lazy(() => {
  const { sender, language, deadLetterTopic, deadLetterTimeoutMs } = notificationDeliveryConfig();
  // Read now so a missing KAFKA_BROKERS fails the first invocation, not the first unprocessable event.
  kafkaConfig();
  return new ProcessOrderEventUseCase({
    notifications: notificationRepository(),
    sender: new SesEmailSender(ses(), sender),
    deadLetters: new KafkaDeadLetterPublisher(
      connectedProducer,
      deadLetterTopic,
      'notification-service',
      deadLetterTimeoutMs,
    ),
    language,
    newId: () => crypto.randomUUID(),
  });
});

export const getOrderNotifications = /* @__PURE__ */ lazy(
  () => new GetOrderNotificationsUseCase(notificationRepository()),
);
