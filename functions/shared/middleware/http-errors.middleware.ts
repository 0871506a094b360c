import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  ConflictError,
  DependencyUnavailableError,
  DomainError,
  NotFoundError,
  UnprocessableError,
  ValidationError,
} from '../../../src/shared/domain/domain-error';
import type { Logger } from '../../../src/shared/logger';
import { HttpError } from './http-error';

type Result = APIGatewayProxyStructuredResultV2;

/**
 * The one place where errors become HTTP answers: `{ error: { code, message, field? } }`.
 * Anything unexpected is a 500 with a generic message, logged with its cause — never a stack trace out.
 * Every 5xx answer carries `requestId`, the Lambda request id that is also on each of the invocation's
 * log lines (`function_request_id`), so the id a user quotes finds what happened.
 */
export function httpErrors(logger: Logger): MiddlewareObj<APIGatewayProxyEventV2, Result> {
  return {
    onError: async (request) => {
      const error = request.error;
      const { statusCode, body, headers } = toResponse(error);
      let answer: ErrorResponse['body'] & { requestId?: string } = body;
      if (statusCode >= 500) {
        // API Gateway's own id (its `apigw-requestid` header) is the fallback, and is logged too.
        const apiRequestId = request.event.requestContext?.requestId;
        const requestId = request.context.awsRequestId ?? apiRequestId;
        answer = { ...body, requestId };
        logger.error('request failed', {
          route: request.event.routeKey,
          status: statusCode,
          code: body.code,
          requestId,
          apiRequestId,
          error,
        });
      }
      request.response = {
        statusCode,
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ error: answer }),
      };
    },
  };
}

interface ErrorResponse {
  statusCode: number;
  body: { code: string; message: string; field?: string };
  headers?: Record<string, string>;
}

export function toResponse(error: unknown): ErrorResponse {
  if (error instanceof HttpError) {
    return { statusCode: error.statusCode, body: withField(error.code, error.message, error.field) };
  }
  if (error instanceof ValidationError) {
    return { statusCode: 400, body: withField(error.code, error.message, error.field) };
  }
  if (error instanceof NotFoundError) return { statusCode: 404, body: withField(error.code, error.message) };
  if (error instanceof UnprocessableError) {
    return { statusCode: 422, body: withField(error.code, error.message, error.field) };
  }
  if (error instanceof ConflictError) return { statusCode: 409, body: withField(error.code, error.message) };
  if (error instanceof DependencyUnavailableError) {
    return {
      statusCode: 503,
      body: withField(error.code, error.message),
      headers: { 'retry-after': String(error.retryAfterSeconds) },
    };
  }
  const code = error instanceof DomainError ? error.code : 'INTERNAL_ERROR';
  return { statusCode: 500, body: withField(code, 'the request could not be completed') };
}

function withField(code: string, message: string, field?: string): ErrorResponse['body'] {
  return field === undefined ? { code, message } : { code, message, field };
}
