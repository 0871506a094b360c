import type {
  ClusterView,
  DeadLettersView,
  DeadLetterView,
  RecordsPage,
  RecordView,
  ReplayResult,
} from '../../api';
import { clock, h, replace } from '../dom';
import { getJson, type Page } from '../page';

/** One record: where, when, key, headers, and the value pretty-printed when it is JSON. */
export function recordCard(record: RecordView, extra: HTMLElement[] = []): HTMLElement {
  return h(
    'article',
    { class: 'record', 'data-offset': record.offset, 'data-key': record.key ?? '' },
    h(
      'header',
      {},
      h('strong', {}, `${record.topic} · ${record.partition} @ ${record.offset}`),
      h(
        'span',
        { class: 'muted' },
        ` ${new Date(record.timestamp).toISOString().slice(0, 10)} ${clock(record.timestamp)}`,
      ),
      h('span', { class: 'key' }, 'key ', h('code', {}, record.key ?? 'null')),
    ),
    extra,
    record.headers.length > 0
      ? h(
          'dl',
          { class: 'headers' },
          record.headers.map((hd) => [h('dt', {}, hd.name), h('dd', {}, hd.value)]),
        )
      : null,
    h(
      'pre',
      { class: 'value' },
      record.json !== undefined ? JSON.stringify(record.json, null, 2) : (record.text ?? 'null'),
    ),
  );
}

/** Browse a topic's partition from an offset, or find records by key. */
export function recordsPage(query: URLSearchParams): Page {
  const form = h('form', { class: 'query' });
  const results = h('div', {});
  const field = (name: string, label: string, attributes: Record<string, string> = {}) =>
    h('label', {}, label, h('input', { name, value: query.get(name) ?? '', ...attributes }));
  const topics = h('select', { name: 'topic' });
  const show = async () => {
    const data = new FormData(form as HTMLFormElement);
    const params = new URLSearchParams();
    for (const [name, value] of data) if (String(value) !== '') params.set(name, String(value));
    history.replaceState(null, '', `#/records?${params}`);
    replace(results, h('p', { class: 'muted' }, 'reading…'));
    try {
      const page = await getJson<RecordsPage>(`/api/records?${params}`);
      replace(
        results,
        h(
          'p',
          { class: 'muted' },
          `${page.topic} partition ${page.partition}: offsets ${page.first}…${page.last - 1}`,
          page.query.key !== undefined
            ? ` · key ${page.query.key} (searched in the partition the key maps to)`
            : '',
          ` · ${page.records.length} record${page.records.length === 1 ? '' : 's'}`,
        ),
        page.records.map((r) => recordCard(r)),
      );
    } catch (error) {
      replace(results, h('p', { class: 'error' }, (error as Error).message));
    }
  };
  return {
    feeds: [],
    render: (root) => {
      replace(
        form,
        h('label', {}, 'topic', topics),
        field('partition', 'partition', { type: 'number', min: '0', placeholder: '0' }),
        field('offset', 'from offset', { type: 'number', min: '0', placeholder: 'newest' }),
        field('key', 'or key', { placeholder: 'an order id' }),
        field('limit', 'how many', { type: 'number', min: '1', max: '100', placeholder: '20' }),
        h('button', { type: 'submit' }, 'Show'),
      );
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        void show();
      });
      replace(root, h('h1', {}, 'Records'), form, results);
      void getJson<ClusterView>('/api/cluster').then(
        (cluster) => {
          const wanted = query.get('topic') ?? cluster.topics[0]?.name ?? '';
          replace(
            topics,
            cluster.topics.map((t) => h('option', { value: t.name, selected: t.name === wanted }, t.name)),
          );
          void show();
        },
        (error: Error) => replace(results, h('p', { class: 'error' }, error.message)),
      );
    },
    update: () => undefined,
  };
}

/** Dead letters with why, from where, and a button to put each back on its topic. */
export function deadLettersPage(): Page {
  const body = h('div', {}, h('p', { class: 'muted' }, 'reading the dead letters…'));
  const replayed = new Map<string, ReplayResult>();
  const card = (d: DeadLetterView) => {
    const id = `${d.record.partition}@${d.record.offset}`;
    const done = replayed.get(id) ?? d.replayed;
    const status = h(
      'span',
      { class: 'muted replayed' },
      done ? `replayed to ${done.topic} ${done.partition} @ ${done.offset}` : '',
    );
    const button = h(
      'button',
      {
        type: 'button',
        class: 'replay',
        onclick: () => {
          button.setAttribute('disabled', '');
          getJson<ReplayResult>('/api/dead-letters/replay', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ partition: d.record.partition, offset: d.record.offset }),
          }).then(
            (result) => {
              replayed.set(id, result);
              status.textContent = `replayed to ${result.topic} ${result.partition} @ ${result.offset}`;
              button.removeAttribute('disabled');
            },
            (error: Error) => {
              status.textContent = error.message;
              button.removeAttribute('disabled');
            },
          );
        },
      },
      'Replay',
    );
    const source = d.source
      ? `${d.source.topic} ${d.source.partition ?? '?'} @ ${d.source.offset ?? '?'}`
      : 'unknown';
    return recordCard(d.record, [
      h(
        'div',
        { class: 'dead-letter', 'data-reason': d.reason },
        h('span', { class: 'badge warn' }, d.reason),
        d.error ? h('span', {}, ` ${d.error}`) : null,
        d.field ? h('span', { class: 'muted' }, ` (field ${d.field})`) : null,
        h(
          'div',
          { class: 'muted' },
          `from ${source}`,
          d.by ? ` · set aside by ${d.by}` : '',
          d.failedAt ? ` at ${clock(d.failedAt)}` : '',
        ),
        h('div', {}, button, ' ', status),
      ),
    ]);
  };
  return {
    feeds: ['deadLetters'],
    render: (root) => replace(root, h('h1', {}, 'Dead letters'), body),
    update: (_feed, data) => {
      const view = data as DeadLettersView;
      replace(
        body,
        h(
          'p',
          { class: 'muted' },
          `The newest records of ${view.topic}, newest first. Replaying writes the record back to the topic it came from, with its key; notify sends at most one email per event.`,
        ),
        view.deadLetters.length === 0 ? h('p', {}, 'No dead letters.') : view.deadLetters.map(card),
      );
    },
  };
}
