import { createUser } from '../../src/users/users.container';
import { createLogger } from '../../src/shared/logger';
import { httpHandler } from '../shared/http/http-handler';
import { jsonBody, type JsonEvent } from '../shared/middleware/json-body.middleware';
import { readBody, required } from '../shared/http/request';
import { json } from '../shared/http/responses';
import { userBody } from './user-body';

const logger = createLogger('user-service', 'create-user');

/** POST /api/users {name, email} → 201 the user, with Location. */
export const handler = httpHandler<JsonEvent>(logger)
  .use(jsonBody())
  .handler(async (event) => {
    const body = readBody(event.jsonBody, { name: required('string'), email: required('string') });
    const user = await createUser().execute(body);
    logger.info('user created', { userId: user.id });
    return json(201, userBody(user), { location: `/api/users/${user.id}` });
  });
