import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyInconsistentStateError,
  IdempotencyPersistenceLayerError,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DependencyUnavailableError } from '../../../src/shared/domain/domain-error';
import type { Logger } from '../../../src/shared/logger';
import { HttpError } from '../middleware/http-error';
import { header } from '../middleware/json-body.middleware';

/**
 * `Idempotency-Key` on a POST, with the semantics payment APIs give it: the same key with the same body
 * gets the first answer again (same status, same body) and does nothing; the same key with another body
 * is refused; a second request while the first is still running is told to wait. Keys are remembered for
 * a configured time. Built on Powertools' idempotency utility and its persistence layer.
 */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set on an answer that was given before and is given again. */
export const REPLAYED_HEADER = 'idempotent-replayed';

/** Visible ASCII, 1 to 255 characters: a UUID, a ULID, base64, anything a client can send in a header. */
const KEY = /^[\x21-\x7e]{1,255}$/;

export class IdempotencyStoreUnavailableError extends DependencyUnavailableError {
  readonly code = 'IDEMPOTENCY_STORE_UNAVAILABLE';
}

type Result = APIGatewayProxyStructuredResultV2;

/**
 * The request's Idempotency-Key, or undefined when it sent none.
 * @throws HttpError 400 INVALID_IDEMPOTENCY_KEY naming the header, for an empty, overlong or non-ASCII key.
 */
export function idempotencyKey(event: APIGatewayProxyEventV2): string | undefined {
  const key = header(event, IDEMPOTENCY_KEY_HEADER.toLowerCase());
  if (key === undefined) return undefined;
  if (!KEY.test(key)) {
    throw new HttpError(
      400,
      'INVALID_IDEMPOTENCY_KEY',
      `${IDEMPOTENCY_KEY_HEADER} must be 1 to 255 visible ASCII characters, like a UUID`,
      IDEMPOTENCY_KEY_HEADER,
    );
  }
  return key;
}

/** The answer to a key that comes back with another request: 422 naming the header. */
export function idempotencyKeyReused(): HttpError {
  return new HttpError(
    422,
    'IDEMPOTENCY_KEY_REUSED',
    `this ${IDEMPOTENCY_KEY_HEADER} was already used with a different body`,
    IDEMPOTENCY_KEY_HEADER,
  );
}

export interface IdempotentRequests {
  /**
   * Runs `handle` once per key: without a key, always; with one, only if no answer is remembered for it.
   * Only answers are remembered: a thrown error forgets the key, so the request can be tried again.
   * @throws HttpError 409 IDEMPOTENCY_KEY_IN_USE, 422 IDEMPOTENCY_KEY_REUSED (both naming the header)
   * @throws IdempotencyStoreUnavailableError (503) when the key's record cannot be read or written
   */
  run(
    key: string | undefined,
    body: unknown,
    context: Context,
    handle: () => Promise<Result>,
  ): Promise<Result>;
}

export function idempotentRequests(options: {
  /** The persistence layer, built on first use. */
  store: () => BasePersistenceLayer;
  /** What the keys belong to (e.g. "POST /api/orders"): the same key on another operation is another key. */
  scope: string;
  expiresAfterSeconds: number;
  logger: Logger;
}): IdempotentRequests {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    // The parsed body, keys sorted before hashing: the same JSON however it is spaced or ordered.
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: options.expiresAfterSeconds,
    responseHook: (response) => {
      const answer = response as unknown as Result;
      options.logger.info('request replayed', { scope: options.scope, statusCode: answer.statusCode });
      return { ...answer, headers: { ...answer.headers, [REPLAYED_HEADER]: 'true' } } as never;
    },
  });
  return {
    run: async (key, body, context, handle) => {
      if (key === undefined) return handle();
      // What `handle` did, whatever Powertools makes of it afterwards.
      let outcome: { result: Result } | { error: unknown } | undefined;
      // makeIdempotent, not the middy middleware: in 2.35.0 the middleware's onError deletes the record of
      // the request it refused (a duplicate in flight, another body), letting a third one run again.
      const once = makeIdempotent(
        async (_request: { key: string; body: unknown }, _context: Context) => {
          try {
            outcome = { result: await handle() };
            return outcome.result as never;
          } catch (error) {
            outcome = { error };
            throw error;
          }
        },
        { persistenceStore: options.store(), config, keyPrefix: options.scope },
      );
      try {
        return (await once({ key, body }, context)) as Result;
      } catch (error) {
        return recover(error, outcome, options);
      }
    },
  };
}

function recover(
  error: unknown,
  outcome: { result: Result } | { error: unknown } | undefined,
  { scope, logger }: { scope: string; logger: Logger },
): Result {
  if (error instanceof IdempotencyValidationError) throw idempotencyKeyReused();
  if (
    error instanceof IdempotencyAlreadyInProgressError ||
    error instanceof IdempotencyInconsistentStateError
  ) {
    throw new HttpError(
      409,
      'IDEMPOTENCY_KEY_IN_USE',
      `a request with this ${IDEMPOTENCY_KEY_HEADER} is still being processed; try again in a moment`,
      IDEMPOTENCY_KEY_HEADER,
    );
  }
  if (error instanceof IdempotencyPersistenceLayerError) {
    if (outcome && 'result' in outcome) {
      // The work is done (an order exists): say so. Until the record's in-progress time runs out, a retry
      // with this key gets 409; after it, a retry runs again, and must find what this one did.
      logger.warn('answer not remembered for its idempotency key', { scope, error });
      return outcome.result;
    }
    // The handler failed and its record could not be released: its own error says more to the client.
    if (outcome && 'error' in outcome) throw outcome.error;
    throw new IdempotencyStoreUnavailableError('the idempotency store is unavailable', 5, { cause: error });
  }
  throw error;
}
