import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { json } from './http/responses';

/**
 * The methods each resource answers. API Gateway HTTP APIs answer 404 to a known path with another
 * method; serverless.yml routes `ANY <path>` here for each of these paths, and `$default` for any other
 * path, so both give our error shape and the wrong method gets a 405 with Allow.
 */
export const ALLOWED_METHODS: Readonly<Record<string, readonly string[]>> = {
  '/api/users': ['POST'],
  '/api/users/{id}': ['GET'],
  '/api/orders': ['POST'],
  '/api/orders/{id}': ['GET'],
  '/api/orders/{id}/notifications': ['GET'],
  '/api/analytics/daily': ['GET'],
  '/api/analytics/customers/{id}': ['GET'],
};

/** Any request no other route takes: 405 for a known path, 404 otherwise. */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const [method, path = ''] = event.routeKey.split(' ');
  const allowed = method === 'ANY' ? ALLOWED_METHODS[path] : undefined;
  if (allowed) {
    return json(
      405,
      { error: { code: 'METHOD_NOT_ALLOWED', message: `${path} accepts ${allowed.join(', ')}` } },
      { allow: allowed.join(', ') },
    );
  }
  return json(404, { error: { code: 'ROUTE_NOT_FOUND', message: 'no such route' } });
};
