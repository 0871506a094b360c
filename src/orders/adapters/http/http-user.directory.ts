import type { UserDirectoryPort } from '../../application/ports/user-directory.port';
import type { Customer } from '../../domain/customer.entity';
import { UserDirectoryUnavailableError } from '../../domain/order.errors';

/**
 * Asks user-service over HTTP: `GET {baseUrl}/api/users/{id}`. One attempt with a hard deadline that
 * covers the body too: a slow user-service costs the caller at most `timeoutMs`, and the client (told
 * Retry-After) decides whether to try again.
 */
export class HttpUserDirectory implements UserDirectoryPort {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async findCustomer(userId: string): Promise<Customer | undefined> {
    const url = new URL(`api/users/${encodeURIComponent(userId)}`, withTrailingSlash(this.baseUrl));
    let status: number;
    let body: unknown;
    try {
      const response = await this.fetchFn(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      body = status === 200 ? await response.json() : undefined;
      if (status !== 200) await response.body?.cancel();
    } catch (error) {
      // By name, not class: fetch rejects with a DOMException, which is not an Error in every realm.
      const timedOut = (error as { name?: unknown } | null)?.name === 'TimeoutError';
      const reason = timedOut ? 'timed out' : 'failed';
      throw new UserDirectoryUnavailableError(`user-service ${reason}`, 5, { cause: error });
    }
    if (status === 404) return undefined;
    if (status !== 200) throw new UserDirectoryUnavailableError(`user-service answered ${status}`, 5);
    if (!isCustomer(body, userId)) {
      throw new UserDirectoryUnavailableError('user-service answered with an unexpected body', 5);
    }
    return { id: body.id, email: body.email };
  }
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function isCustomer(body: unknown, userId: string): body is Customer {
  if (typeof body !== 'object' || body === null) return false;
  const { id, email } = body as Record<string, unknown>;
  return id === userId && typeof email === 'string' && email !== '';
}
