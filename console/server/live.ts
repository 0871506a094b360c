/** Sends one server-sent event; returns false once the connection is gone. */
export type Send = (event: string, data: string) => void;

interface Feed {
  load: () => Promise<unknown>;
  clients: Set<Send>;
  last?: string;
  lastError?: string;
  timer?: NodeJS.Timeout;
}

/**
 * Live data for the pages: each feed (`cluster`, `groups`, `timeline:<id>`, …) is read every `intervalMs`
 * while at least one page watches it, and sent only when it changed. Nothing is read for nobody.
 */
export class LiveFeeds {
  private readonly feeds = new Map<string, Feed>();

  constructor(private readonly intervalMs: number) {}

  /** Watches `key`; the first watcher starts its reading. Returns the function that stops watching. */
  watch(key: string, load: () => Promise<unknown>, send: Send): () => void {
    let feed = this.feeds.get(key);
    if (!feed) {
      feed = { load, clients: new Set() };
      this.feeds.set(key, feed);
      const started = feed;
      void this.tick(key, started);
    } else if (feed.last !== undefined) {
      send(key, feed.last);
    }
    feed.clients.add(send);
    const watched = feed;
    return () => {
      watched.clients.delete(send);
      if (watched.clients.size === 0) {
        clearTimeout(watched.timer);
        if (this.feeds.get(key) === watched) this.feeds.delete(key);
      }
    };
  }

  /** Feeds being read now (for tests and the server's log). */
  active(): string[] {
    return [...this.feeds.keys()];
  }

  close(): void {
    for (const feed of this.feeds.values()) clearTimeout(feed.timer);
    this.feeds.clear();
  }

  private async tick(key: string, feed: Feed): Promise<void> {
    try {
      const data = JSON.stringify(await feed.load());
      feed.lastError = undefined;
      if (data !== feed.last) {
        feed.last = data;
        for (const send of feed.clients) send(key, data);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // After an error the next good reading is sent even if unchanged, so the page clears its warning.
      feed.last = undefined;
      if (message !== feed.lastError) {
        feed.lastError = message;
        for (const send of feed.clients) send('feed-error', JSON.stringify({ feed: key, message }));
      }
    }
    if (this.feeds.get(key) === feed && feed.clients.size > 0) {
      feed.timer = setTimeout(() => void this.tick(key, feed), this.intervalMs);
    } else if (this.feeds.get(key) === feed && feed.clients.size === 0) {
      this.feeds.delete(key);
    }
  }
}
