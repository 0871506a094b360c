import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import sample from '../fixtures/events/http-api-v2.json';

export interface Request {
  /** "POST /api/orders", or "$default" / "ANY /api/orders" for the fallback routes. */
  routeKey: string;
  /** The real path; defaults to the route's path with `pathParameters` filled in. */
  path?: string;
  method?: string;
  pathParameters?: Record<string, string>;
  /** An object is sent as JSON; a string as it is. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** An API Gateway v2 (HTTP API, payload 2.0) event shaped like the AWS-documented sample. */
export function httpEvent(request: Request): APIGatewayProxyEventV2 {
  const [routeMethod, routePath = '/'] = request.routeKey.split(' ');
  const method =
    request.method ?? (routeMethod === 'ANY' || routeMethod === '$default' ? 'GET' : routeMethod!);
  const path =
    request.path ??
    routePath.replace(/\{(\w+)\}/g, (_, name: string) => request.pathParameters?.[name] ?? name);
  const body =
    request.body === undefined
      ? undefined
      : typeof request.body === 'string'
        ? request.body
        : JSON.stringify(request.body);
  const headers: Record<string, string> = { ...sample.headers, ...request.headers };
  if (body === undefined) delete headers['content-length'];
  else headers['content-length'] = String(Buffer.byteLength(body));
  return {
    ...sample,
    routeKey: request.routeKey,
    rawPath: path,
    headers,
    requestContext: {
      ...sample.requestContext,
      routeKey: request.routeKey,
      http: { ...sample.requestContext.http, method, path },
    },
    ...(request.pathParameters ? { pathParameters: request.pathParameters } : {}),
    body,
    isBase64Encoded: false,
  };
}

/** Enough of a Lambda context for our handlers. */
export function lambdaContext(functionName = 'test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: `req-${Math.random().toString(16).slice(2)}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 15_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

type Handler = (event: never, context: Context) => Promise<unknown>;

/** Calls a handler as API Gateway would and returns its answer with the body parsed. */
export async function invoke(handler: Handler, request: Request) {
  const result = (await handler(
    httpEvent(request) as never,
    lambdaContext(),
  )) as APIGatewayProxyStructuredResultV2;
  return {
    result,
    status: result.statusCode,
    headers: result.headers ?? {},
    body: JSON.parse(result.body ?? 'null'),
  };
}
