/** One page of the console: which live feeds it needs, how it draws itself and each update. */
export interface Page {
  feeds: string[];
  /** The order whose timeline to stream, if any. */
  order?: string | undefined;
  render(root: HTMLElement): void;
  update(feed: string, data: unknown): void;
}

export interface PageContext {
  /** Path segments after the page name (`#/timeline/<id>` → [id]). */
  path: string[];
  /** Asks for the event stream again, after `feeds` or `order` changed. */
  resubscribe(): void;
}

export async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const body = (await response.json()) as T & { error?: { message: string } };
  if (!response.ok) throw new Error(body.error?.message ?? `${url} answered ${response.status}`);
  return body;
}
