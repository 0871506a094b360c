import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for a slower mail provider: an HTTP proxy on loopback in front of the AWS emulator that holds
 * every SES send for `delayMs` before passing it on, and passes everything else (DynamoDB, …) straight
 * through. Its delay can change between benchmark phases without restarting what uses it.
 */
export interface MailDelayProxy {
  url: string;
  setDelay(delayMs: number): void;
  /** SES sends seen so far. */
  sends(): number;
  close(): Promise<void>;
}

/** SES v1 (query protocol: `Action=SendEmail` in the form body) and v2 (`/v2/email/outbound-emails`). */
export function isMailSend(path: string, body: string): boolean {
  if (path.startsWith('/v2/email/outbound-emails')) return true;
  return /(?:^|&)Action=Send(?:Raw|Templated|BulkTemplated)?Email(?:&|$)/.test(body);
}

export async function startMailDelayProxy(target: string, delayMs = 0): Promise<MailDelayProxy> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let delay = delayMs;
  let sends = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const send = isMailSend(request.url ?? '/', body.toString('latin1'));
      if (send) sends += 1;
      const forward = () => {
        const outgoing = http.request(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: request.method,
            path: request.url,
            headers: request.headers,
            agent,
            timeout: 30_000,
          },
          (answer) => {
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(response);
          },
        );
        outgoing.on('timeout', () => outgoing.destroy(new Error('upstream timed out')));
        outgoing.on('error', (error) => {
          if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
          response.end(`mail delay proxy: ${error.message}`);
        });
        outgoing.end(body);
      };
      if (send && delay > 0) setTimeout(forward, delay);
      else forward();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setDelay: (delayMs) => {
      delay = delayMs;
    },
    sends: () => sends,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
