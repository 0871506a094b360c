import { offlineInvoker } from '../../../../plugins/serverless-offline-kafka/src/invoker';

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  return jest
    .spyOn(globalThis, 'fetch')
    .mockResolvedValue(new Response(JSON.stringify(body), { status, headers }));
}

describe('offlineInvoker', () => {
  afterEach(() => jest.restoreAllMocks());

  it("posts the event synchronously to serverless-offline's Lambda API and returns what the handler returned", async () => {
    const fetch = answer(200, { batchItemFailures: [] });

    const result = await offlineInvoker('http://localhost:3102')('shop-local-notify', { records: {} }, 1000);

    expect(result).toEqual({ ok: true, payload: { batchItemFailures: [] } });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('http://localhost:3102/2015-03-31/functions/shop-local-notify/invocations');
    expect(init).toMatchObject({
      method: 'POST',
      body: '{"records":{}}',
      headers: { 'x-amz-invocation-type': 'RequestResponse' },
    });
  });

  it('returns an undefined payload when the handler returned nothing', async () => {
    jest.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('', { status: 200 }));

    expect(await offlineInvoker('http://x')('f', {}, 1000)).toEqual({ ok: true, payload: undefined });
  });

  it('reports a handler error, which serverless-offline answers with 200 and X-Amz-Function-Error', async () => {
    answer(200, { errorType: 'Error', errorMessage: 'boom' }, { 'x-amz-function-error': 'Unhandled' });

    expect(await offlineInvoker('http://x')('f', {}, 1000)).toEqual({
      ok: false,
      kind: 'function-error',
      message: 'Error: boom',
    });
  });

  it('reports an unknown function or a service that does not answer as unavailable', async () => {
    answer(404, { Message: 'Function not found: f' });
    expect(await offlineInvoker('http://x')('f', {}, 1000)).toMatchObject({ ok: false, kind: 'unavailable' });

    jest.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('fetch failed'));
    expect(await offlineInvoker('http://x')('f', {}, 1000)).toMatchObject({ ok: false, kind: 'unavailable' });
  });

  it('counts no answer within the timeout as a failed attempt', async () => {
    jest.spyOn(globalThis, 'fetch').mockRejectedValue(new DOMException('timed out', 'TimeoutError'));

    expect(await offlineInvoker('http://x')('f', {}, 1000)).toEqual({
      ok: false,
      kind: 'function-error',
      message: 'no answer within 1000 ms',
    });
  });
});
