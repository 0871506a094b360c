import type { ClusterView, TopicView } from '../../api';
import { h, rate, replace, table } from '../dom';
import type { Page } from '../page';

/** Brokers and controller; every topic's partitions with leader, replicas, ISR, offsets and rates. */
export function clusterPage(): Page {
  const body = h('div', {}, h('p', { class: 'muted' }, 'reading the cluster…'));
  return {
    feeds: ['cluster'],
    render: (root) => replace(root, h('h1', {}, 'Cluster and topics'), body),
    update: (_feed, data) => {
      const view = data as ClusterView;
      const system = view.topics.filter((t) => t.system);
      const others = view.topics.filter((t) => !t.system);
      replace(
        body,
        h(
          'section',
          { class: 'cards' },
          view.brokers.map((b) =>
            h(
              'div',
              { class: 'card broker', 'data-broker': b.nodeId },
              h('strong', {}, `broker ${b.nodeId}`),
              b.nodeId === view.controller ? h('span', { class: 'badge ok' }, 'controller') : null,
              h('div', { class: 'muted' }, `${b.host}:${b.port}`),
            ),
          ),
          h(
            'div',
            { class: 'card' },
            h('strong', {}, 'cluster'),
            h('div', { class: 'muted mono' }, view.clusterId),
          ),
        ),
        system.map(topicSection),
        others.length > 0
          ? h(
              'details',
              {},
              h(
                'summary',
                {},
                `${others.length} other topic${others.length === 1 ? '' : 's'} (tests, tools)`,
              ),
              others.map(topicSection),
            )
          : null,
      );
    },
  };
}

function topicSection(topic: TopicView): HTMLElement {
  return h(
    'section',
    { class: 'topic', 'data-topic': topic.name },
    h(
      'h2',
      {},
      topic.name,
      h(
        'span',
        { class: 'muted' },
        ` · ${topic.partitions.length} partitions · ${topic.records} records · ${rate(topic.ratePerSecond)}`,
      ),
      ' ',
      h('a', { href: `#/records?topic=${encodeURIComponent(topic.name)}`, class: 'small' }, 'browse'),
    ),
    table(
      ['partition', 'leader', 'replicas', 'ISR', 'first offset', 'last offset', 'rate'],
      topic.partitions.map((p) =>
        h(
          'tr',
          { 'data-partition': p.partition },
          h('td', { class: 'num' }, p.partition),
          h('td', { class: 'num' }, p.leader),
          h('td', {}, p.replicas.join(', ')),
          h('td', { class: p.isr.length < p.replicas.length ? 'warn' : undefined }, p.isr.join(', ')),
          h('td', { class: 'num' }, p.first),
          h('td', { class: 'num' }, p.last),
          h('td', { class: 'num' }, rate(p.ratePerSecond)),
        ),
      ),
      [0, 1, 4, 5, 6],
    ),
  );
}
