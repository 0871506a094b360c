import type { FeedError } from '../api';
import { h, replace } from './dom';
import type { Page, PageContext } from './page';
import { clusterPage } from './pages/cluster';
import { emailsPage } from './pages/emails';
import { groupsPage } from './pages/groups';
import { deadLettersPage, recordsPage } from './pages/records';
import { timelinePage } from './pages/timeline';

/** The console's page: a router over the location's hash and one event stream for the open page's feeds. */
const root = document.getElementById('page')!;
const errors = document.getElementById('errors')!;
const live = document.getElementById('live')!;
let page: Page | undefined;
let stream: EventSource | undefined;
const feedErrors = new Map<string, string>();

function route(): void {
  const [path = '', query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [name = 'timeline', ...rest] = path.split('/').filter(Boolean);
  const context: PageContext = { path: rest, resubscribe: () => subscribe() };
  const params = new URLSearchParams(query);
  page =
    name === 'cluster'
      ? clusterPage()
      : name === 'groups'
        ? groupsPage()
        : name === 'records'
          ? recordsPage(params)
          : name === 'dead-letters'
            ? deadLettersPage()
            : name === 'emails'
              ? emailsPage(context)
              : timelinePage(context);
  for (const link of document.querySelectorAll('nav a')) {
    link.classList.toggle('active', (link as HTMLElement).dataset.page === (name || 'timeline'));
  }
  feedErrors.clear();
  showErrors();
  page.render(root);
  subscribe();
}

function subscribe(): void {
  stream?.close();
  stream = undefined;
  const current = page!;
  if (current.feeds.length === 0 && !current.order) {
    live.textContent = '';
    live.className = 'live';
    return;
  }
  const params = new URLSearchParams();
  for (const feed of current.feeds) params.append('feed', feed);
  if (current.order) params.set('order', current.order);
  const source = new EventSource(`/events?${params}`);
  stream = source;
  const names = [...current.feeds, ...(current.order ? [`timeline:${current.order}`] : [])];
  for (const name of names) {
    source.addEventListener(name, (event) => {
      if (page !== current) return;
      feedErrors.delete(name);
      showErrors();
      current.update(name, JSON.parse((event as MessageEvent<string>).data));
    });
  }
  source.addEventListener('feed-error', (event) => {
    const error = JSON.parse((event as MessageEvent<string>).data) as FeedError;
    feedErrors.set(error.feed, error.message);
    showErrors();
  });
  source.onopen = () => {
    live.textContent = 'live';
    live.className = 'live on';
  };
  source.onerror = () => {
    live.textContent = 'reconnecting…';
    live.className = 'live off';
  };
}

function showErrors(): void {
  replace(
    errors,
    [...feedErrors].map(([feed, message]) => h('p', { class: 'error' }, `${feed}: ${message}`)),
  );
}

window.addEventListener('hashchange', route);
route();
