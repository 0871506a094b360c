import http from 'node:http';
import { ConsoleData } from '../../../console/server/console';
import { startConsoleServer, type ConsoleServer } from '../../../console/server/http';
import { FakeEmails, FakeKafka, FakeTables, NAMES, record } from './fakes';

/** The console's server on an ephemeral loopback port, over in-memory sources. */
let server: ConsoleServer;
let kafka: FakeKafka;
let emails: FakeEmails;

beforeEach(async () => {
  kafka = new FakeKafka().topic('order-events').topic('order-events.dlq');
  emails = new FakeEmails();
  emails.list = [
    {
      messageId: 'm-1',
      from: 'no-reply@orders.local',
      to: ['ana@example.com'],
      subject: 'Tu orden',
      html: '<p>hola</p><script>x()</script>',
      sentAt: new Date(0),
    },
  ];
  server = await startConsoleServer({
    data: new ConsoleData(kafka, new FakeTables(), emails, NAMES),
    web: { html: '<html>console</html>', js: 'console.log(1)', css: 'body{}' },
    port: 0,
    intervalMs: 50,
  });
});

afterEach(() => server.close());

describe('console server', () => {
  it('listens on loopback and serves the page under a strict content security policy', async () => {
    const response = await fetch(`${server.url}/`);

    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await response.text()).toBe('<html>console</html>');
  });

  it('answers nothing to a request for another host name (DNS rebinding)', async () => {
    // fetch will not send another Host header: plain node:http does.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      http
        .get(`${server.url}/api/cluster`, { headers: { host: `evil.example:${server.port}` } }, (res) => {
          res.resume();
          resolve(res.statusCode);
        })
        .on('error', reject);
    });

    expect(status).toBe(403);
  });

  it('serves an email as its own document, sandboxed and unable to load or run anything', async () => {
    const response = await fetch(`${server.url}/emails/m-1`);
    const missing = await fetch(`${server.url}/emails/nope`);

    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none';.*sandbox/);
    expect(await response.text()).toContain('<p>hola</p>');
    expect(missing.status).toBe(404);
  });

  it('answers bad queries with 400 naming the field', async () => {
    const response = await fetch(`${server.url}/api/records?topic=order-events&partition=x`);

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'BAD_QUERY', message: 'partition must be a whole number ≥ 0', field: 'partition' },
    });
    expect((await fetch(`${server.url}/api/orders/not-an-id/timeline`)).status).toBe(400);
  });

  it('replays a dead letter only from a JSON POST of this origin', async () => {
    kafka.append(
      record(
        'order-events.dlq',
        0,
        0,
        { n: 1 },
        { key: 'k', headers: { 'dlq-source-topic': 'order-events' } },
      ),
    );
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${server.url}/api/dead-letters/replay`, { method: 'POST', headers, body });

    const form = await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'partition=0&offset=0');
    const foreign = await post(
      { 'content-type': 'application/json', origin: 'http://evil.example' },
      '{"partition":0,"offset":0}',
    );
    const ok = await post(
      { 'content-type': 'application/json', origin: server.url },
      '{"partition":0,"offset":0}',
    );

    expect([form.status, foreign.status, ok.status]).toEqual([415, 403, 200]);
    expect(await ok.json()).toMatchObject({ topic: 'order-events', offset: 0 });
    expect(kafka.logs.get('order-events')!.flat()).toHaveLength(1);
  });

  it('streams a feed as server-sent events, and again when it changes', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/events?feed=emails`, { signal: controller.signal });
    const reader = response.body!.getReader();
    let text = '';
    const until = async (pattern: RegExp) => {
      while (!pattern.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    };

    await until(/event: emails\ndata: .*"m-1"/);
    emails.list = [...emails.list, { ...emails.list[0]!, messageId: 'm-2', sentAt: new Date(1) }];
    await until(/event: emails\ndata: .*"m-2"/);
    controller.abort();

    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(text).not.toContain('<p>hola</p>');
  });

  it('refuses an unknown feed', async () => {
    expect((await fetch(`${server.url}/events?feed=passwords`)).status).toBe(400);
  });
});
