import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpError } from './http-error';

export type JsonEvent = APIGatewayProxyEventV2 & { jsonBody: unknown };

/**
 * Parses a JSON request body into `event.jsonBody`: 415 for another content type, 413 past `maxBytes`,
 * 400 for malformed JSON. Handlers then validate the shape.
 */
export function jsonBody({ maxBytes = 16 * 1024 } = {}): MiddlewareObj<JsonEvent> {
  return {
    before: async (request) => {
      const event = request.event;
      const contentType = header(event, 'content-type') ?? '';
      if (!/^application\/(.+\+)?json(\s*;|$)/i.test(contentType.trim())) {
        throw new HttpError(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'the body must be JSON (content-type: application/json)',
        );
      }
      const raw = rawBody(event);
      if (Buffer.byteLength(raw, 'utf8') > maxBytes) {
        throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `the body must be at most ${maxBytes} bytes`);
      }
      if (raw.trim() === '')
        throw new HttpError(400, 'MALFORMED_JSON', 'the body is empty; expected a JSON object');
      try {
        event.jsonBody = JSON.parse(raw);
      } catch {
        throw new HttpError(400, 'MALFORMED_JSON', 'the body is not valid JSON');
      }
    },
  };
}

/**
 * The body as the client sent it. API Gateway always gives a string; serverless offline hands over a JSON
 * body that parses to `false` or `0` as that value and one that parses to `null` as no body at all, which
 * would reach `Buffer.byteLength` as a non-string (a 500) or pass as empty: give each its text back.
 */
function rawBody(event: APIGatewayProxyEventV2): string {
  const body = event.body as unknown;
  if (typeof body === 'string') {
    return event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  }
  if (body === undefined || body === null) {
    return Number(header(event, 'content-length') ?? 0) > 0 ? 'null' : '';
  }
  return JSON.stringify(body);
}

/** API Gateway v2 lower-cases header names, serverless-offline does not always: look both ways. */
export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}
