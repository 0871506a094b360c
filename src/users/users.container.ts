import { randomUUID } from 'node:crypto';
import { dynamoDb } from '../shared/aws/dynamodb-client';
import { lazy } from '../shared/lazy';
import { DynamoDbUserRepository } from './adapters/dynamodb/dynamodb-user.repository';
import { CreateUserUseCase } from './application/use-cases/create-user.use-case';
import { GetUserUseCase } from './application/use-cases/get-user.use-case';
import { usersConfig } from './users.config';

/**
 * user-service's wiring: the only place that picks its concrete adapters, built on first use.
 */

const clock = { now: () => new Date() };
const ids = { newId: () => randomUUID() };

const users = lazy(() => new DynamoDbUserRepository(dynamoDb(), usersConfig().table));

export const createUser = lazy(() => new CreateUserUseCase(users(), clock, ids));
export const getUser = lazy(() => new GetUserUseCase(users()));
