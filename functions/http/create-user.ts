import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createUser } from '../../src/infrastructure/container';
import { createLogger } from '../../src/infrastructure/logger';
import { httpErrors } from '../middleware/http-errors.middleware';
import { jsonBody, type JsonEvent } from '../middleware/json-body.middleware';
import { readBody, required } from './request';
import { json, userBody } from './responses';

const logger = createLogger({ service: 'user-service', handler: 'create-user' });

/** POST /api/users {name, email} → 201 the user, with Location. */
export const handler = middy<JsonEvent, APIGatewayProxyStructuredResultV2>()
  .use(httpErrors(logger))
  .use(jsonBody())
  .handler(async (event) => {
    const body = readBody(event.jsonBody, { name: required('string'), email: required('string') });
    const user = await createUser().execute(body);
    logger.info('user created', { userId: user.id });
    return json(201, userBody(user), { location: `/api/users/${user.id}` });
  });
