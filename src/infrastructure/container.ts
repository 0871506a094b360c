import { randomUUID } from 'node:crypto';
import { DynamoDbNotificationRepository } from '../adapters/dynamodb/dynamodb-notification.repository';
import { DynamoDbOrderRepository } from '../adapters/dynamodb/dynamodb-order.repository';
import { DynamoDbUserRepository } from '../adapters/dynamodb/dynamodb-user.repository';
import { HttpUserDirectory } from '../adapters/http/http-user.directory';
import { KafkaDeadLetterPublisher } from '../adapters/kafka/kafka-dead-letter.publisher';
import { KafkaOrderEventPublisher } from '../adapters/kafka/kafka-order-event.publisher';
import { SesEmailSender } from '../adapters/ses/ses-email.sender';
import { CreateOrderUseCase } from '../application/use-cases/create-order.use-case';
import { CreateUserUseCase } from '../application/use-cases/create-user.use-case';
import { GetOrderNotificationsUseCase } from '../application/use-cases/get-order-notifications.use-case';
import { GetOrderUseCase } from '../application/use-cases/get-order.use-case';
import { GetUserUseCase } from '../application/use-cases/get-user.use-case';
import { ProcessOrderEventUseCase } from '../application/use-cases/process-order-event.use-case';
import { connectedProducer, dynamoDb, lazy, ses } from './clients';
import {
  kafkaConfig,
  notificationDeliveryConfig,
  notificationStoreConfig,
  orderEventsConfig,
  ordersConfig,
  userServiceConfig,
  usersConfig,
} from './config';

/**
 * The wiring: the only place that picks concrete adapters. Everything is built on first use, so a function
 * constructs (and needs the configuration of) only what it uses.
 */

// user-service -----------------------------------------------------------------------------------------

const clock = { now: () => new Date() };
const ids = { newId: () => randomUUID() };

const users = lazy(() => new DynamoDbUserRepository(dynamoDb(), usersConfig().table));

export const createUser = lazy(() => new CreateUserUseCase(users(), clock, ids));
export const getUser = lazy(() => new GetUserUseCase(users()));

// order-service ----------------------------------------------------------------------------------------

const orders = lazy(() => new DynamoDbOrderRepository(dynamoDb(), ordersConfig().table));

export const createOrder = lazy(
  () =>
    new CreateOrderUseCase(
      orders(),
      new HttpUserDirectory(userServiceConfig().url, userServiceConfig().timeoutMs),
      new KafkaOrderEventPublisher(
        connectedProducer,
        orderEventsConfig().topic,
        orderEventsConfig().publishTimeoutMs,
      ),
      clock,
      ids,
    ),
);
export const getOrder = lazy(() => new GetOrderUseCase(orders()));

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
