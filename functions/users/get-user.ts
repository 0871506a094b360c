import { getUser } from '../../src/users/users.container';
import { createLogger } from '../../src/shared/logger';
import { httpHandler } from '../shared/http/http-handler';
import { pathId } from '../shared/http/request';
import { json } from '../shared/http/responses';
import { userBody } from './user-body';

const logger = createLogger('user-service', 'get-user');

/** GET /api/users/{id} → 200 the user, 404 when there is none. */
export const handler = httpHandler(logger).handler(async (event) =>
  json(200, userBody(await getUser().execute(pathId(event)))),
);
