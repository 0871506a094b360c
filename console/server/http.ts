import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConsoleData } from './console';
import { LiveFeeds } from './live';
import { EMAIL_CSP, emailDocument } from './views/emails';
import { BadQueryError, browseRecords } from './views/records';

/** The page itself may load only its own script and style and frame only its own email documents. */
const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const HEARTBEAT_MS = 15_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface WebAssets {
  html: string;
  js: string;
  css: string;
}

export interface ConsoleServer {
  url: string;
  port: number;
  live: LiveFeeds;
  close(): Promise<void>;
}

/**
 * The console's HTTP server, on loopback only: the page, its JSON API, the live feeds as server-sent
 * events, and each captured email as a document of its own for a sandboxed frame.
 */
export async function startConsoleServer(options: {
  data: ConsoleData;
  web: WebAssets;
  port: number;
  host?: string;
  intervalMs?: number;
}): Promise<ConsoleServer> {
  const { data, web } = options;
  const host = options.host ?? '127.0.0.1';
  const live = new LiveFeeds(options.intervalMs ?? 1000);
  const feeds: Record<string, () => Promise<unknown>> = {
    cluster: () => data.cluster(),
    groups: () => data.groups(),
    deadLetters: () => data.deadLetters(),
    emails: () => data.emails(),
    orders: () => data.recentOrders(),
  };
  const sockets = new Set<import('node:net').Socket>();
  let port = options.port;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (error instanceof BadQueryError)
        return reply(res, 400, errorBody('BAD_QUERY', error.message, error.field));
      const message = error instanceof Error ? error.message : String(error);
      reply(res, 502, errorBody('SOURCE_UNAVAILABLE', message));
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // Only this machine's own pages: a page of another site resolving its name to 127.0.0.1 gets nothing.
    const hostHeader = req.headers.host ?? '';
    if (!new RegExp(`^(127\\.0\\.0\\.1|localhost|\\[::1\\]):${port}$`).test(hostHeader)) {
      return reply(res, 403, errorBody('FORBIDDEN_HOST', `not served to host ${hostHeader}`));
    }
    const url = new URL(req.url ?? '/', `http://${hostHeader}`);
    const path = url.pathname;
    const method = req.method ?? 'GET';

    if (method === 'POST' && path === '/api/dead-letters/replay') return replay(req, res);
    if (method !== 'GET' && method !== 'HEAD') {
      res.setHeader('allow', 'GET');
      return reply(res, 405, errorBody('METHOD_NOT_ALLOWED', `${method} ${path}`));
    }
    if (path === '/' || path === '/index.html')
      return send(res, 200, 'text/html; charset=utf-8', web.html, PAGE_CSP);
    if (path === '/app.js') return send(res, 200, 'text/javascript; charset=utf-8', web.js);
    if (path === '/app.css') return send(res, 200, 'text/css; charset=utf-8', web.css);
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    if (path === '/events') return events(url, req, res);
    if (path === '/api/cluster') return reply(res, 200, await data.cluster());
    if (path === '/api/groups') return reply(res, 200, await data.groups());
    if (path === '/api/dead-letters') return reply(res, 200, await data.deadLetters());
    if (path === '/api/emails') return reply(res, 200, await data.emails());
    if (path === '/api/orders') return reply(res, 200, await data.recentOrders());
    if (path === '/api/records') return reply(res, 200, await browseRecords(data.kafka, recordsQuery(url)));
    const timeline = /^\/api\/orders\/([^/]+)\/timeline$/.exec(path);
    if (timeline) return reply(res, 200, await data.timeline(orderId(decodeURIComponent(timeline[1]!))));
    const email = /^\/emails\/([^/]+)$/.exec(path);
    if (email) {
      const id = decodeURIComponent(email[1]!);
      const found = (await data.mail.emails()).find((e) => e.messageId === id);
      if (!found) return reply(res, 404, errorBody('EMAIL_NOT_FOUND', `no captured email ${id}`));
      return send(res, 200, 'text/html; charset=utf-8', emailDocument(found), EMAIL_CSP);
    }
    reply(res, 404, errorBody('NOT_FOUND', `nothing at ${path}`));
  }

  function events(url: URL, req: http.IncomingMessage, res: http.ServerResponse): void {
    const wanted = url.searchParams.getAll('feed');
    const unknown = wanted.find((f) => !(f in feeds));
    if (unknown) throw new BadQueryError(`no feed ${unknown}`, 'feed');
    const order = url.searchParams.get('order');
    const id = order ? orderId(order) : undefined;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write('retry: 2000\n\n');
    const sendEvent = (event: string, payload: string) => res.write(`event: ${event}\ndata: ${payload}\n\n`);
    const stops = wanted.map((name) => live.watch(name, feeds[name]!, sendEvent));
    if (id) stops.push(live.watch(`timeline:${id}`, () => data.timeline(id), sendEvent));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      for (const stop of stops) stop();
    });
  }

  async function replay(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // A JSON body cannot be sent cross-site without a preflight, which this server never answers.
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
      return reply(res, 415, errorBody('UNSUPPORTED_MEDIA_TYPE', 'send application/json'));
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host}`) {
      return reply(res, 403, errorBody('FORBIDDEN_ORIGIN', `not accepted from ${origin}`));
    }
    const body = await readJson(req);
    const partition = wholeNumber(body.partition, 'partition');
    const offset = wholeNumber(body.offset, 'offset');
    const topic = body.topic === undefined ? data.names.deadLetterTopic : String(body.topic);
    if (topic !== data.names.deadLetterTopic) {
      throw new BadQueryError(`only ${data.names.deadLetterTopic} holds dead letters`, 'topic');
    }
    reply(res, 200, await data.replay({ topic, partition, offset }));
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host}:${port}`,
    port,
    live,
    close: async () => {
      live.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Event streams never end on their own.
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

function recordsQuery(url: URL) {
  const q = url.searchParams;
  const topic = q.get('topic');
  if (!topic) throw new BadQueryError('topic is required', 'topic');
  const number = (name: string) => (q.get(name) ? wholeNumber(Number(q.get(name)), name) : undefined);
  return {
    topic,
    partition: number('partition'),
    offset: number('offset'),
    limit: number('limit'),
    key: q.get('key') || undefined,
  };
}

function orderId(id: string): string {
  if (!UUID.test(id)) throw new BadQueryError('an order id is a UUID', 'orderId');
  return id.toLowerCase();
}

function wholeNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new BadQueryError(`${field} must be a whole number ≥ 0`, field);
  }
  return value;
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 10_000) throw new BadQueryError('the body is too large', 'body');
  }
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null && !Array.isArray(body))
      return body as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new BadQueryError('the body must be a JSON object', 'body');
}

function errorBody(code: string, message: string, field?: string) {
  return { error: { code, message, ...(field ? { field } : {}) } };
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

function send(res: http.ServerResponse, status: number, type: string, body: string, csp?: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...(csp ? { 'content-security-policy': csp } : {}),
  });
  res.end(body);
}
