/** The function zips `npm run package:aws` wrote next to the template, as Lambda will run them. */

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { ROOT } from '../../scripts/infra/local';
import { httpEvent, lambdaContext, type Request } from '../support/http-event';
import { readServerlessYml } from '../support/serverless-yml';

const functions = readServerlessYml().functions;
const extracted = fs.mkdtempSync(path.join(os.tmpdir(), 'order-system-bundles-'));

afterAll(() => fs.rmSync(extracted, { recursive: true, force: true }));

const moduleOf = (name: string) => functions[name]!.handler.replace(/\.handler$/, '');

async function unzip(name: string): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(fs.readFileSync(path.join(ROOT, '.serverless', `${name}.zip`)));
  const files: Record<string, string> = {};
  for (const file of Object.values(zip.files).filter((entry) => !entry.dir)) {
    files[file.name] = await file.async('string');
  }
  return files;
}

/**
 * Unzips a function and calls its handler in a Node process of its own, as the Lambda runtime would (in
 * jest's sandbox, errors from Node's own modules fail `instanceof Error`). Returns the answer and the
 * JSON lines it logged.
 */
async function invokeBundle(name: string, request: Request, env: Record<string, string> = {}) {
  const dir = path.join(extracted, name);
  for (const [file, content] of Object.entries(await unzip(name))) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  const runner = `
    const { handler } = require(${JSON.stringify(path.join(dir, `${moduleOf(name)}.js`))});
    handler(${JSON.stringify(httpEvent(request))}, ${JSON.stringify(lambdaContext(name))})
      .then((result) => process.stdout.write('RESULT ' + JSON.stringify(result) + '\\n'));`;
  const child = spawnSync(process.execPath, ['-e', runner], {
    env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const lines = child.stdout.split('\n').filter(Boolean);
  const answer = lines.find((line) => line.startsWith('RESULT '));
  if (!answer) throw new Error(`${name} gave no answer:\n${child.stdout}${child.stderr}`);
  const result = JSON.parse(answer.slice('RESULT '.length)) as { statusCode: number; body: string };
  return {
    status: result.statusCode,
    body: JSON.parse(result.body) as { error: { code: string } },
    // Powertools' Logger writes info to stdout and warnings and errors to stderr.
    logged: [...lines, ...child.stderr.split('\n')]
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** Clients a function must not ship unless its service's use case needs them. */
const KAFKA = ['kafkajs', 'aws-msk-iam-sasl-signer-js', '@aws-sdk/client-secrets-manager'];
const SES = ['@aws-sdk/client-ses'];
const AWS_SDK = ['@aws-sdk/', '@smithy/'];

/**
 * What each function may ship: its service's code (plus src/shared, src/contracts and functions/shared),
 * at most `maxKb` of minified JavaScript, and none of the `forbidden` packages. A function missing here
 * fails the test below: a new function says what it may weigh. The budgets leave about 10 % over today's
 * sizes (docs/architecture.md); a bundle that outgrows its budget has started shipping something new.
 */
const budgets: Record<string, { service: string; maxKb: number; forbidden: string[] }> = {
  createUser: { service: 'users', maxKb: 650, forbidden: [...KAFKA, ...SES] },
  getUser: { service: 'users', maxKb: 650, forbidden: [...KAFKA, ...SES] },
  createOrder: { service: 'orders', maxKb: 1180, forbidden: SES },
  outboxRelay: { service: 'orders', maxKb: 1150, forbidden: SES },
  getOrder: { service: 'orders', maxKb: 650, forbidden: [...KAFKA, ...SES] },
  notify: { service: 'notifications', maxKb: 1200, forbidden: [] },
  orderNotifications: { service: 'notifications', maxKb: 650, forbidden: [...KAFKA, ...SES] },
  analytics: { service: 'analytics', maxKb: 1200, forbidden: SES },
  dailyReport: { service: 'analytics', maxKb: 650, forbidden: [...KAFKA, ...SES] },
  customerTotals: { service: 'analytics', maxKb: 650, forbidden: [...KAFKA, ...SES] },
  unmatchedRoute: { service: 'shared', maxKb: 5, forbidden: [...AWS_SDK, ...KAFKA] },
};

/** The files a bundle was built from, as its source map lists them, relative to the project. */
async function sourcesOf(name: string): Promise<string[]> {
  const map = JSON.parse((await unzip(name))[`${moduleOf(name)}.js.map`]!) as { sources: string[] };
  return map.sources.map((source) => source.replace(/^(\.\.\/)+/, ''));
}

const packageOf = (source: string) => /node_modules\/((@[^/]+\/)?[^/]+)\//.exec(source)?.[1];

describe('the packaged function bundles', () => {
  it('have a budget for every function', () => {
    expect(Object.keys(budgets).sort()).toEqual(Object.keys(functions).sort());
  });

  it.each(Object.entries(budgets))(
    '%s ships only its own service, within its size budget, and none of its forbidden packages',
    async (name, { service, maxKb, forbidden }) => {
      const code = (await unzip(name))[`${moduleOf(name)}.js`]!;
      const sources = await sourcesOf(name);
      const packages = [...new Set(sources.map(packageOf).filter((p) => p !== undefined))];

      expect(
        packages.filter((p) => forbidden.some((f) => (f.endsWith('/') ? p.startsWith(f) : p === f))),
      ).toEqual([]);
      const ownFolders = new RegExp(`^(src/(${service}|shared|contracts)|functions/(${service}|shared))/`);
      expect(sources.filter((s) => !s.includes('node_modules/') && !ownFolders.test(s))).toEqual([]);
      // Last: a forbidden package named above says more than the size it adds.
      expect(Buffer.byteLength(code) / 1024).toBeLessThanOrEqual(maxKb);
    },
  );

  it.each(Object.keys(functions))(
    '%s ships its minified handler with its source map, and nothing else',
    async (name) => {
      const files = await unzip(name);

      expect(Object.keys(files).sort()).toEqual([`${moduleOf(name)}.js`, `${moduleOf(name)}.js.map`]);
      const code = files[`${moduleOf(name)}.js`]!;
      expect(code).toMatch(/\/\/# sourceMappingURL=\S+\.js\.map\s*$/);
      // Minified: hundreds of characters a line on average; readable output averages a few dozen.
      expect(code.length / code.split('\n').length).toBeGreaterThan(200);
    },
  );

  it('unmatchedRoute answers 404 ROUTE_NOT_FOUND, as the source does', async () => {
    const { status, body } = await invokeBundle('unmatchedRoute', {
      routeKey: '$default',
      path: '/api/nope',
    });

    expect([status, body.error.code]).toEqual([404, 'ROUTE_NOT_FOUND']);
  });

  it('createUser answers 503 while DynamoDB is unreachable, logging the error under its class name', async () => {
    const { status, body, logged } = await invokeBundle(
      'createUser',
      {
        routeKey: 'POST /api/users',
        body: { name: 'Ada Lovelace', email: 'ada@example.com' },
        headers: { 'content-type': 'application/json' },
      },
      {
        USERS_TABLE: 'users',
        AWS_REGION: 'us-east-1',
        // Nothing listens on port 9 (discard): every call is refused at once.
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      },
    );

    expect([status, body.error.code]).toEqual([503, 'USER_STORE_UNAVAILABLE']);
    // Minifying renames classes unless told not to (keepNames); the logs would then say "t" or "Qe".
    expect(logged.find((entry) => entry.message === 'request failed')?.error).toMatchObject({
      name: 'UserStoreUnavailableError',
    });
  });
});
