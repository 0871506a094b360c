import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  idempotencyKey,
  idempotentRequests,
  IdempotencyStoreUnavailableError,
} from '../../../../../functions/shared/http/idempotency';
import { HttpError } from '../../../../../functions/shared/middleware/http-error';
import { createLogger } from '../../../../../src/shared/logger';
import { httpEvent, lambdaContext } from '../../../../support/http-event';
import { InMemoryIdempotencyStore } from '../../../fakes/idempotency-store';
import { captureLogs, type CapturedLogs } from '../../../../support/logs';

type Result = APIGatewayProxyStructuredResultV2;
const DAY = 24 * 60 * 60;

let captured: CapturedLogs;
beforeEach(() => (captured = captureLogs()));
afterEach(() => captured.restore());

function setup(scope = 'POST /api/things') {
  const store = new InMemoryIdempotencyStore();
  const logged = captured.lines;
  const logger = createLogger('test-service', 'create-thing');
  const requests = idempotentRequests({ store: () => store, scope, expiresAfterSeconds: DAY, logger });
  let created = 0;
  /** A handler that creates a thing and answers 201 with its number. */
  const create = async (): Promise<Result> => {
    created++;
    return {
      statusCode: 201,
      headers: { location: `/things/${created}` },
      body: JSON.stringify({ n: created }),
    };
  };
  const run = (key: string | undefined, body: unknown, handle = create) =>
    requests.run(key, body, lambdaContext('createThing'), handle);
  return { store, requests, run, logged, created: () => created };
}

const keyOf = (headers: Record<string, string>) =>
  idempotencyKey(httpEvent({ routeKey: 'POST /api/orders', body: {}, headers }));

describe('idempotencyKey', () => {
  it('reads the Idempotency-Key header in any case, and none when it is absent', () => {
    expect(keyOf({ 'Idempotency-Key': '8e03978e-40d5-43e8-bc93-6894a57f9324' })).toBe(
      '8e03978e-40d5-43e8-bc93-6894a57f9324',
    );
    expect(keyOf({ 'idempotency-key': 'a' })).toBe('a');
    expect(keyOf({})).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['longer than 255 characters', 'k'.repeat(256)],
    ['with a space', 'my key'],
    ['not ASCII', 'clé'],
    ['with a control character', 'key\u0007'],
  ])('refuses a key %s with 400 naming the header', (_, key) => {
    expect(() => keyOf({ 'idempotency-key': key })).toThrow(
      new HttpError(
        400,
        'INVALID_IDEMPOTENCY_KEY',
        'Idempotency-Key must be 1 to 255 visible ASCII characters, like a UUID',
        'Idempotency-Key',
      ),
    );
  });

  it('takes 255 visible ASCII characters', () => {
    const key = '!~'.repeat(127) + 'x';
    expect(keyOf({ 'idempotency-key': key })).toBe(key);
  });
});

describe('idempotentRequests', () => {
  it('without a key, runs every request', async () => {
    const { run, created } = setup();

    await run(undefined, { a: 1 });
    await run(undefined, { a: 1 });

    expect(created()).toBe(2);
  });

  it('with the same key and body, gives the first answer again and does nothing, saying it is a replay', async () => {
    const { run, created, logged } = setup();

    const first = await run('key-1', { a: 1, b: [1, 2] });
    const again = await run('key-1', { b: [1, 2], a: 1 });

    expect(created()).toBe(1);
    expect(first).toEqual({ statusCode: 201, headers: { location: '/things/1' }, body: '{"n":1}' });
    expect(again).toEqual({
      statusCode: 201,
      headers: { location: '/things/1', 'idempotent-replayed': 'true' },
      body: '{"n":1}',
    });
    expect(logged).toEqual([expect.objectContaining({ message: 'request replayed', statusCode: 201 })]);
  });

  it('refuses the same key with another body, with 422 naming the header, and keeps the first answer', async () => {
    const { run, created } = setup();
    await run('key-1', { a: 1 });

    await expect(run('key-1', { a: 2 })).rejects.toThrow(
      new HttpError(
        422,
        'IDEMPOTENCY_KEY_REUSED',
        'this Idempotency-Key was already used with a different body',
        'Idempotency-Key',
      ),
    );
    expect((await run('key-1', { a: 1 })).body).toBe('{"n":1}');
    expect(created()).toBe(1);
  });

  it('answers 409 to a duplicate while the first is still running, without releasing the first one’s key', async () => {
    const { run, created } = setup();
    let finish!: () => void;
    const slow = async (): Promise<Result> => {
      await new Promise<void>((resolve) => (finish = resolve));
      return { statusCode: 201, body: '{"slow":true}' };
    };
    const first = run('key-1', { a: 1 }, slow);
    await new Promise((resolve) => setImmediate(resolve));

    await expect(run('key-1', { a: 1 })).rejects.toMatchObject({
      statusCode: 409,
      code: 'IDEMPOTENCY_KEY_IN_USE',
      field: 'Idempotency-Key',
    });
    await expect(run('key-1', { a: 1 })).rejects.toMatchObject({ statusCode: 409 });
    finish();

    expect(await first).toEqual({ statusCode: 201, body: '{"slow":true}' });
    expect((await run('key-1', { a: 1 })).body).toBe('{"slow":true}');
    expect(created()).toBe(0);
  });

  it('forgets the key when the request failed, so it can be tried again', async () => {
    const { run, created } = setup();
    const failing = async (): Promise<Result> => {
      throw new Error('user-service down');
    };

    await expect(run('key-1', { a: 1 }, failing)).rejects.toThrow('user-service down');
    const retried = await run('key-1', { a: 1 });

    expect(retried.statusCode).toBe(201);
    expect(created()).toBe(1);
  });

  it('remembers a key 24 hours: after that the same request runs again', async () => {
    jest.useFakeTimers({
      now: Date.parse('2026-01-20T10:00:00.000Z'),
      doNotFake: ['setImmediate', 'nextTick'],
    });
    try {
      const { run, created } = setup();
      await run('key-1', { a: 1 });
      jest.setSystemTime(Date.parse('2026-01-21T09:59:58.000Z'));
      await run('key-1', { a: 1 });
      expect(created()).toBe(1);

      jest.setSystemTime(Date.parse('2026-01-21T10:00:02.000Z'));
      const later = await run('key-1', { a: 1 });

      expect(created()).toBe(2);
      expect(later.body).toBe('{"n":2}');
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps keys of one operation apart from the same keys of another', async () => {
    const store = new InMemoryIdempotencyStore();
    const logger = createLogger('test-service', 'create-thing');
    let created = 0;
    const handle = async (): Promise<Result> => ({ statusCode: 201, body: String(++created) });
    const orders = idempotentRequests({
      store: () => store,
      scope: 'POST /a',
      expiresAfterSeconds: DAY,
      logger,
    });
    const users = idempotentRequests({
      store: () => store,
      scope: 'POST /b',
      expiresAfterSeconds: DAY,
      logger,
    });

    await orders.run('key-1', {}, lambdaContext(), handle);
    await users.run('key-1', {}, lambdaContext(), handle);

    expect(created).toBe(2);
  });

  it('answers 503 when the key cannot be claimed, having done nothing', async () => {
    const { run, store, created } = setup();
    store.failPut = Object.assign(new Error('connect ECONNREFUSED'), { name: 'TimeoutError' });

    const attempt = run('key-1', { a: 1 });

    await expect(attempt).rejects.toThrow(IdempotencyStoreUnavailableError);
    await expect(attempt).rejects.toMatchObject({
      code: 'IDEMPOTENCY_STORE_UNAVAILABLE',
      retryAfterSeconds: 5,
    });
    expect(created()).toBe(0);
  });

  it('still gives the answer when the work was done but could not be remembered, and says so in the log', async () => {
    const { run, store, created, logged } = setup();
    store.failUpdate = new Error('throttled');

    const answer = await run('key-1', { a: 1 });

    expect(answer.statusCode).toBe(201);
    expect(created()).toBe(1);
    expect(logged).toEqual([
      expect.objectContaining({ level: 'WARN', message: 'answer not remembered for its idempotency key' }),
    ]);
  });
});
