import { lazy, connectedProducer, dynamoDb, ses } from './clients';
import { kafkaConfig, notificationDeliveryConfig, notificationStoreConfig } from './config';
import { DynamoDbNotificationRepository } from '../adapters/dynamodb/dynamodb-notification.repository';
import { KafkaDeadLetterPublisher } from '../adapters/kafka/kafka-dead-letter.publisher';
import { SesEmailSender } from '../adapters/ses/ses-email.sender';
import { GetOrderNotificationsUseCase } from '../application/use-cases/get-order-notifications.use-case';
import { ProcessOrderEventUseCase } from '../application/use-cases/process-order-event.use-case';

/**
 * The wiring: the only place that picks concrete adapters. Everything is built on first use, so a function
 * constructs (and needs the configuration of) only what it uses.
 */

// notification-service ---------------------------------------------------------------------------------

const notificationRepository = lazy(
  () => new DynamoDbNotificationRepository(dynamoDb(), notificationStoreConfig().table),
);

export const processOrderEvent = lazy(() => {
  const { sender, language, deadLetterTopic } = notificationDeliveryConfig();
  // Read now so a missing KAFKA_BROKERS fails the first invocation, not the first unprocessable event.
  kafkaConfig();
  return new ProcessOrderEventUseCase({
    notifications: notificationRepository(),
    sender: new SesEmailSender(ses(), sender),
    deadLetters: new KafkaDeadLetterPublisher(connectedProducer, deadLetterTopic, 'notification-service'),
    language,
    newId: () => crypto.randomUUID(),
  });
});

export const getOrderNotifications = lazy(() => new GetOrderNotificationsUseCase(notificationRepository()));
