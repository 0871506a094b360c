import { HttpUserDirectory } from '../../../../../../src/orders/adapters/http/http-user.directory';
import { UserDirectoryUnavailableError } from '../../../../../../src/orders/domain/order.errors';

const userId = '550e8400-e29b-41d4-a716-446655440000';

/** A fetch that answers `response` and records what it was asked. */
function fetchAnswering(response: () => Promise<Response>) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fetchFn = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init });
    return response();
  }) as typeof fetch;
  return { calls, fetchFn };
}

const jsonResponse = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('HttpUserDirectory', () => {
  it('asks user-service for the user and returns the customer with a deadline on the call', async () => {
    const { calls, fetchFn } = fetchAnswering(async () =>
      jsonResponse(200, { id: userId, name: 'Ana', email: 'ana@example.com', createdAt: 'x' }),
    );

    const customer = await new HttpUserDirectory('http://localhost:3000', 2000, fetchFn).findCustomer(userId);

    expect(customer).toEqual({ id: userId, email: 'ana@example.com' });
    expect(calls[0]!.url).toBe(`http://localhost:3000/api/users/${userId}`);
    expect(calls[0]!.init?.signal).toBeInstanceOf(AbortSignal);
  });

  it('keeps the path of a base URL that has one', async () => {
    const { calls, fetchFn } = fetchAnswering(async () => jsonResponse(404, {}));

    await new HttpUserDirectory('https://api.example.com/prod', 2000, fetchFn).findCustomer(userId);

    expect(calls[0]!.url).toBe(`https://api.example.com/prod/api/users/${userId}`);
  });

  it('returns nothing when user-service says 404', async () => {
    const { fetchFn } = fetchAnswering(async () => jsonResponse(404, { error: { code: 'USER_NOT_FOUND' } }));

    expect(await new HttpUserDirectory('http://users', 2000, fetchFn).findCustomer(userId)).toBeUndefined();
  });

  it.each([
    ['a 5xx', async () => jsonResponse(503, { error: { code: 'USER_STORE_UNAVAILABLE' } })],
    [
      'a body that is not a user',
      async () => jsonResponse(200, { id: 'someone-else', email: 'x@example.com' }),
    ],
    ['a body that is not JSON', async () => new Response('<html>', { status: 200 })],
    ['a refused connection', async () => Promise.reject(new TypeError('fetch failed'))],
    [
      'a timeout',
      async () =>
        Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    ],
  ])('reports user-service unavailable, retriable after 5 s, on %s', async (_, response) => {
    const { fetchFn } = fetchAnswering(response);

    const attempt = new HttpUserDirectory('http://users', 2000, fetchFn).findCustomer(userId);

    await expect(attempt).rejects.toThrow(UserDirectoryUnavailableError);
    await expect(attempt).rejects.toMatchObject({ retryAfterSeconds: 5 });
  });
});
