import { ALLOWED_METHODS, handler } from '../../../../functions/shared/unmatched-route';
import { expectDocumented, spec } from '../../../support/contracts';
import { invoke } from '../../../support/http-event';
import { readServerlessYml } from '../../../support/serverless-yml';

/** The httpApi routes serverless.yml declares, as "METHOD /path" ("*" for $default). */
function declaredRoutes(): string[] {
  const config = readServerlessYml();
  return Object.values(config.functions)
    .flatMap((fn) => fn.events ?? [])
    .flatMap(({ httpApi }) =>
      httpApi === undefined
        ? []
        : [typeof httpApi === 'string' ? httpApi : `${httpApi.method.toUpperCase()} ${httpApi.path}`],
    );
}

describe('unmatched route', () => {
  it('answers 405 with Allow for a known path with another method', async () => {
    const { result, status, headers, body } = await invoke(handler, {
      routeKey: 'ANY /api/orders/{id}',
      method: 'DELETE',
      pathParameters: { id: '9b2e4f1a-7c3d-4e5f-8a6b-1c2d3e4f5a6b' },
    });

    expect(status).toBe(405);
    expect(headers.allow).toBe('GET');
    expect(body.error.code).toBe('METHOD_NOT_ALLOWED');
    expectDocumented({ response: 'MethodNotAllowed' }, result);
  });

  it('answers 404 for any other path', async () => {
    const { result, status, body } = await invoke(handler, { routeKey: '$default', path: '/api/nope' });

    expect([status, body.error.code]).toEqual([404, 'ROUTE_NOT_FOUND']);
    expectDocumented({ response: 'NotFound' }, result);
  });

  it('allows exactly the methods serverless.yml routes for each path, and catches the others', () => {
    const routes = declaredRoutes();
    const specific = routes.filter((route) => !route.startsWith('* ') && route !== '*');

    for (const [route, methods] of Object.entries(ALLOWED_METHODS)) {
      const declared = specific.filter((r) => r.endsWith(` ${route}`)).map((r) => r.split(' ')[0]);
      expect({ route, methods: [...declared].sort() }).toEqual({ route, methods: [...methods].sort() });
      expect(routes).toContain(`* ${route}`);
    }
    expect(routes).toContain('*');
  });
});

describe('docs/openapi.yaml', () => {
  it('documents every route serverless.yml declares, and no other', () => {
    const declared = declaredRoutes().filter((route) => !route.startsWith('*'));
    const documented = Object.entries(spec.paths).flatMap(([route, operations]) =>
      Object.keys(operations)
        .filter((key) => key !== 'parameters')
        .map((method) => `${method.toUpperCase()} ${route}`),
    );

    expect(documented.sort()).toEqual(declared.sort());
  });

  it('rejects an answer it does not describe', () => {
    const wrong = {
      statusCode: 201,
      headers: { 'content-type': 'application/json', location: '/api/orders/x' },
    };

    expect(() =>
      expectDocumented({ operation: 'POST /api/orders' }, { ...wrong, body: JSON.stringify({ id: 1 }) }),
    ).toThrow('does not match');
    expect(() => expectDocumented({ operation: 'POST /api/orders' }, { ...wrong, statusCode: 418 })).toThrow(
      'not documented',
    );
    expect(() =>
      expectDocumented({ operation: 'POST /api/orders' }, { statusCode: 503, headers: {}, body: '{}' }),
    ).toThrow('Retry-After');
  });
});
