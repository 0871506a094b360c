import { CreateUserUseCase } from '../../../../src/users/application/use-cases/create-user.use-case';
import { GetUserUseCase } from '../../../../src/users/application/use-cases/get-user.use-case';
import { UserStoreUnavailableError } from '../../../../src/users/domain/user.errors';
import { handler as createUserHandler } from '../../../../functions/users/create-user';
import { handler as getUserHandler } from '../../../../functions/users/get-user';
import { documentedRequest, expectDocumented } from '../../../support/contracts';
import { fixedClock, InMemoryUserRepository, sequentialIds } from '../../fakes/in-memory';
import { httpEvent, invoke, lambdaContext } from '../../../support/http-event';
import { captureLogs, type CapturedLogs } from '../../../support/logs';

const mockUsers = new InMemoryUserRepository();
jest.mock('../../../../src/users/users.container', () => ({
  createUser: () => new CreateUserUseCase(mockUsers, fixedClock(), sequentialIds()),
  getUser: () => new GetUserUseCase(mockUsers),
}));

const createUser = (body: unknown, headers?: Record<string, string>) =>
  invoke(createUserHandler, { routeKey: 'POST /api/users', body, headers });
const getUser = (id: string) =>
  invoke(getUserHandler, { routeKey: 'GET /api/users/{id}', pathParameters: { id } });
let captured: CapturedLogs;

beforeEach(() => {
  mockUsers.users.clear();
  mockUsers.failWith = undefined;
  captured = captureLogs();
});
afterEach(() => captured.restore());

describe('POST /api/users', () => {
  it('answers 201 with the user and its Location', async () => {
    const { result, status, headers, body } = await createUser({ name: 'Ana', email: 'ana@example.com' });

    expect(status).toBe(201);
    expect(body).toEqual({
      id: '00000000-0000-4000-8000-000000000001',
      name: 'Ana',
      email: 'ana@example.com',
      createdAt: '2026-01-20T10:30:00.000Z',
    });
    expect(headers.location).toBe(`/api/users/${body.id}`);
    expectDocumented({ operation: 'POST /api/users' }, result);
  });

  it('answers 409 for an email already registered in another case', async () => {
    await createUser({ name: 'Ana', email: 'ana@example.com' });

    const { result, status, body } = await createUser({ name: 'Ana', email: 'ANA@EXAMPLE.COM' });

    expect(status).toBe(409);
    expect(body.error.code).toBe('EMAIL_ALREADY_REGISTERED');
    expectDocumented({ operation: 'POST /api/users' }, result);
  });

  it.each([
    ['malformed JSON', '{"name": "Ana",', undefined, 400, 'MALFORMED_JSON', undefined],
    [
      'a form body',
      'name=Ana',
      { 'content-type': 'application/x-www-form-urlencoded' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      undefined,
    ],
    [
      'a body over 16 KiB',
      { name: 'a'.repeat(17_000), email: 'ana@example.com' },
      undefined,
      413,
      'PAYLOAD_TOO_LARGE',
      undefined,
    ],
    ['an array', [], undefined, 400, 'INVALID_BODY', undefined],
    ['a missing email', { name: 'Ana' }, undefined, 400, 'MISSING_FIELD', 'email'],
    ['a numeric name', { name: 7, email: 'ana@example.com' }, undefined, 400, 'INVALID_TYPE', 'name'],
    [
      'an unknown field',
      { name: 'Ana', email: 'ana@example.com', admin: true },
      undefined,
      400,
      'UNKNOWN_FIELD',
      'admin',
    ],
    ['an invalid email', { name: 'Ana', email: 'ana@' }, undefined, 400, 'INVALID_EMAIL', 'email'],
    ['a blank name', { name: ' ', email: 'ana@example.com' }, undefined, 400, 'INVALID_NAME', 'name'],
    ['a JSON false', 'false', undefined, 400, 'INVALID_BODY', undefined],
    ['a JSON 0', '0', undefined, 400, 'INVALID_BODY', undefined],
    [
      'half of a surrogate pair in the name',
      '{"name": "Ana \\ud800", "email": "ana@example.com"}',
      undefined,
      400,
      'INVALID_NAME',
      'name',
    ],
    [
      'a field with an empty name, without an empty `field`',
      { '': null, name: 'Ana', email: 'ana@example.com' },
      undefined,
      400,
      'UNKNOWN_FIELD',
      undefined,
    ],
  ])('refuses %s', async (_, requestBody, headers, expectedStatus, code, field) => {
    const { result, status, body } = await createUser(requestBody, headers);

    expect(status).toBe(expectedStatus);
    expect(body.error).toEqual({ code, message: expect.any(String), ...(field ? { field } : {}) });
    expect(mockUsers.users.size).toBe(0);
    expectDocumented({ operation: 'POST /api/users' }, result);
  });

  it.each([
    ['false', false],
    ['0', 0],
    ['null', null],
  ])(
    'refuses a JSON %s as serverless offline hands it over (the parsed value, not its text)',
    async (text, parsed) => {
      const event = {
        ...httpEvent({ routeKey: 'POST /api/users', body: text }),
        body: parsed as unknown as string,
      };

      const result = (await createUserHandler(event as never, lambdaContext())) as {
        statusCode: number;
        body: string;
      };

      expect([result.statusCode, JSON.parse(result.body).error.code]).toEqual([400, 'INVALID_BODY']);
    },
  );

  // docs/openapi.yaml must not let through what the code refuses, nor refuse what it takes.
  it.each([
    ['a plain registration', { name: 'Ana García', email: 'ana@example.com' }],
    ['a name of 100 characters', { name: 'é'.repeat(100), email: 'ana@example.com' }],
    ['a name of 101 characters', { name: 'é'.repeat(101), email: 'ana@example.com' }],
    ['an emoji in the name', { name: 'Ana 🎉', email: 'ana@example.com' }],
    ['a blank name', { name: '   ', email: 'ana@example.com' }],
    ['a bell in the name', { name: 'Ana\u0007', email: 'ana@example.com' }],
    ['a tab in the name', { name: 'Ana\tGarcía', email: 'ana@example.com' }],
    ['a line break in the name', { name: 'Ana\nGarcía', email: 'ana@example.com' }],
    ['a C1 control in the name', { name: 'Ana\u0085', email: 'ana@example.com' }],
    ['an address without a domain', { name: 'Ana', email: 'ana@' }],
    ['an address with a numeric top-level domain', { name: 'Ana', email: 'ana@example.123' }],
    ['an IDN top-level domain', { name: 'Ana', email: 'ana@example.xn--p1ai' }],
    ['an unknown field', { name: 'Ana', email: 'ana@example.com', admin: true }],
    ['a field with an empty name', { name: 'Ana', email: 'ana@example.com', '': null }],
  ])('docs/openapi.yaml and the code agree on %s', async (_, requestBody) => {
    const { status } = await createUser(requestBody);

    expect(documentedRequest('POST /api/users', requestBody)).toBe(status === 201);
  });

  it('answers 503 with Retry-After when the user store is unavailable', async () => {
    mockUsers.failWith = new UserStoreUnavailableError('the user store is unavailable');

    const { result, status, headers } = await createUser({ name: 'Ana', email: 'ana@example.com' });

    expect(status).toBe(503);
    expect(headers['retry-after']).toBe('5');
    expectDocumented({ operation: 'POST /api/users' }, result);
  });
});

describe('GET /api/users/{id}', () => {
  it('answers 200 with a registered user', async () => {
    const created = await createUser({ name: 'Ana', email: 'ana@example.com' });

    const { result, status, body } = await getUser(created.body.id);

    expect(status).toBe(200);
    expect(body).toEqual(created.body);
    expectDocumented({ operation: 'GET /api/users/{id}' }, result);
  });

  it('answers 404 for an unknown id and 400 for an id that is not a UUID', async () => {
    const missing = await getUser('6f1c8c1e-0000-4000-8000-000000000000');
    const malformed = await getUser('42');

    expect([missing.status, missing.body.error.code]).toEqual([404, 'USER_NOT_FOUND']);
    expect([malformed.status, malformed.body.error]).toEqual([
      400,
      { code: 'INVALID_ID', message: 'id must be a UUID', field: 'id' },
    ]);
    expectDocumented({ operation: 'GET /api/users/{id}' }, missing.result);
    expectDocumented({ operation: 'GET /api/users/{id}' }, malformed.result);
  });
});
