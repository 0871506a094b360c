import { randomUUID } from 'node:crypto';
import { CreateOrderUseCase } from '../application/use-cases/create-order.use-case';
import { CreateUserUseCase } from '../application/use-cases/create-user.use-case';
import { GetOrderUseCase } from '../application/use-cases/get-order.use-case';
import { GetUserUseCase } from '../application/use-cases/get-user.use-case';
import { DynamoDbOrderRepository } from '../adapters/dynamodb/dynamodb-order.repository';
import { DynamoDbUserRepository } from '../adapters/dynamodb/dynamodb-user.repository';
import { HttpUserDirectory } from '../adapters/http/http-user.directory';
import { KafkaOrderEventPublisher } from '../adapters/kafka/kafka-order-event.publisher';
import { connectedProducer, dynamoDb, lazy } from './clients';
import { orderEventsConfig, ordersConfig, userServiceConfig, usersConfig } from './config';

/**
 * Wiring: the only place that picks concrete adapters. Everything is built on first use, so a function
 * reads only the configuration of what it calls; handlers import the use cases they run.
 */
const clock = { now: () => new Date() };
const ids = { newId: () => randomUUID() };

// ── user-service ──────────────────────────────────────────────────────────────────────────────────────

const users = lazy(() => new DynamoDbUserRepository(dynamoDb(), usersConfig().table));

export const createUser = lazy(() => new CreateUserUseCase(users(), clock, ids));
export const getUser = lazy(() => new GetUserUseCase(users()));

// ── order-service ─────────────────────────────────────────────────────────────────────────────────────

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
