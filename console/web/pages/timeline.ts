import type { RecentOrdersView, Timeline, TimelineStep } from '../../api';
import { clock, h, replace } from '../dom';
import type { Page, PageContext } from '../page';

const STATE_TEXT: Record<TimelineStep['state'], string> = {
  done: '',
  waiting: 'waiting…',
  'not-recorded': 'not recorded for this order',
};

/**
 * One order's way through the system, drawn like the design's processing timeline (T=0 ms … the 201 …
 * in the background, the email), live; with the most recent orders beside it. `#/timeline` follows the
 * newest order; `#/timeline/<id>` shows that one.
 */
export function timelinePage(context: PageContext): Page {
  const fixed = context.path[0] ? decodeURIComponent(context.path[0]) : undefined;
  const recent = h('div', { class: 'list' }, h('p', { class: 'muted' }, 'reading the newest orders…'));
  const view = h(
    'div',
    { class: 'timeline-view' },
    h(
      'p',
      { class: 'muted' },
      fixed ? 'reading the order…' : 'Waiting for an order: place one with POST /api/orders.',
    ),
  );
  const lookup = h(
    'form',
    { class: 'query' },
    h(
      'label',
      {},
      'order id',
      h('input', { name: 'order', placeholder: '41062955-…', value: fixed ?? '', size: 38 }),
    ),
    h('button', { type: 'submit' }, 'Show'),
  );
  lookup.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = String(new FormData(lookup as HTMLFormElement).get('order') ?? '').trim();
    if (id) location.hash = `#/timeline/${encodeURIComponent(id)}`;
  });

  const page: Page = {
    feeds: ['orders'],
    order: fixed,
    render: (root) =>
      replace(
        root,
        h(
          'h1',
          {},
          'Order timeline',
          fixed ? null : h('span', { class: 'badge ok' }, 'following the newest order'),
        ),
        lookup,
        h('div', { class: 'split' }, h('div', {}, h('h2', {}, 'Recent orders'), recent), view),
      ),
    update: (feed, data) => {
      if (feed === 'orders') {
        const { orders } = data as RecentOrdersView;
        replace(
          recent,
          orders.length === 0 ? h('p', { class: 'muted' }, 'No order on the topic yet.') : null,
          orders.map((o) =>
            h(
              'a',
              {
                class: `order-row${o.orderId === page.order ? ' open' : ''}`,
                href: `#/timeline/${o.orderId}`,
                'data-order': o.orderId,
              },
              h('span', { class: 'muted' }, clock(o.timestamp)),
              h('strong', { class: 'mono' }, o.orderId.slice(0, 8)),
              h('span', {}, [o.totalAmount, o.currency].filter(Boolean).join(' ')),
              h('span', { class: 'muted' }, `p${o.partition} @ ${o.offset}`),
            ),
          ),
        );
        const newest = orders[0]?.orderId;
        if (!fixed && newest && newest !== page.order) {
          page.order = newest;
          context.resubscribe();
        }
      } else if (feed === `timeline:${page.order}`) {
        replace(view, drawTimeline(data as Timeline));
      }
    },
  };
  return page;
}

function drawTimeline(timeline: Timeline): HTMLElement {
  if (!timeline.found) {
    return h(
      'p',
      { class: 'muted', id: 'timeline', 'data-order': timeline.orderId },
      `No order ${timeline.orderId} (yet).`,
    );
  }
  const steps = timeline.steps;
  const answered = steps.findIndex((s) => s.customerAnswered);
  const row = (s: TimelineStep) =>
    h(
      'li',
      { class: `step ${s.state}`, 'data-step': s.key, 'data-state': s.state },
      h('span', { class: 't' }, s.t === undefined ? (s.state === 'waiting' ? 'T=…' : 'T=?') : `T=${s.t} ms`),
      h(
        'div',
        { class: 'box' },
        h(
          'div',
          { class: 'title' },
          s.title,
          h('span', { class: 'at' }, s.at ? clock(s.at) : STATE_TEXT[s.state]),
        ),
        s.details.length > 0
          ? h(
              'dl',
              {},
              s.details.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
            )
          : null,
      ),
      s.customerAnswered ? h('span', { class: 'answer' }, '◄ the customer has the answer here') : null,
    );
  return h(
    'section',
    {
      id: 'timeline',
      'data-order': timeline.orderId,
      'data-complete': String(timeline.complete),
      'data-status': timeline.status ?? '',
    },
    h('h2', { class: 'mono' }, timeline.orderId),
    h(
      'ol',
      { class: 'steps' },
      steps.slice(0, answered + 1).map(row),
      h(
        'li',
        { class: 'background' },
        'in the background, asynchronous: the customer does not wait for any of this',
      ),
      steps.slice(answered + 1).map(row),
      timeline.alongside.length > 0
        ? h('li', { class: 'background' }, 'alongside, in its own consumer group: nothing above waits for it')
        : null,
      timeline.alongside.map(row),
    ),
    h(
      'p',
      { class: 'totals' },
      h(
        'span',
        {},
        'time for the customer: ≈ ',
        h('strong', { 'data-total': 'answered' }, ms(timeline.totals.answeredMs)),
      ),
      h(
        'span',
        {},
        'email accepted: ',
        h('strong', { 'data-total': 'email' }, ms(timeline.totals.emailMs)),
        ' after the request',
      ),
      timeline.email
        ? h(
            'a',
            { href: `#/emails/${encodeURIComponent(timeline.email.messageId)}`, class: 'open-email' },
            'Open the email',
          )
        : null,
    ),
  );
}

function ms(value: number | undefined): string {
  return value === undefined ? '—' : `${value} ms`;
}
