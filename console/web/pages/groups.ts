import type { GroupsView, GroupView } from '../../api';
import { h, replace, table } from '../dom';
import type { Page } from '../page';

/** Consumer groups: members and their partitions, committed offset and lag per partition, live. */
export function groupsPage(): Page {
  const body = h('div', {}, h('p', { class: 'muted' }, 'reading the consumer groups…'));
  return {
    feeds: ['groups'],
    render: (root) => replace(root, h('h1', {}, 'Consumer groups'), body),
    update: (_feed, data) => {
      const { groups } = data as GroupsView;
      const main = groups.filter((g) => g.system || g.members.length > 0);
      const idle = groups.filter((g) => !main.includes(g));
      replace(
        body,
        groups.length === 0 ? h('p', { class: 'muted' }, 'No consumer group yet.') : null,
        main.map(groupSection),
        idle.length > 0
          ? h(
              'details',
              {},
              h(
                'summary',
                {},
                `${idle.length} group${idle.length === 1 ? '' : 's'} with no member (tests, tools)`,
              ),
              idle.map(groupSection),
            )
          : null,
      );
    },
  };
}

function groupSection(group: GroupView): HTMLElement {
  const short = (memberId: string | undefined) => (memberId ? memberId.slice(-12) : '—');
  return h(
    'section',
    { class: 'group', 'data-group': group.groupId, 'data-total-lag': group.totalLag },
    h(
      'h2',
      {},
      group.groupId,
      ' ',
      h('span', { class: `badge ${group.state === 'Stable' ? 'ok' : 'idle'}` }, group.state),
      ' ',
      h('span', { class: `badge lag ${group.totalLag === 0 ? 'ok' : 'warn'}` }, `lag ${group.totalLag}`),
      h(
        'span',
        { class: 'muted' },
        ` · ${group.members.length} member${group.members.length === 1 ? '' : 's'}`,
      ),
    ),
    group.members.length > 0
      ? table(
          ['member', 'client', 'host', 'partitions'],
          group.members.map((m) =>
            h(
              'tr',
              {},
              h('td', { class: 'mono', title: m.memberId }, short(m.memberId)),
              h('td', {}, m.clientId),
              h('td', {}, m.host),
              h('td', {}, m.assigned.map((a) => `${a.topic}-${a.partition}`).join(', ') || '—'),
            ),
          ),
        )
      : null,
    table(
      ['topic', 'partition', 'committed', 'last offset', 'lag', 'member'],
      group.partitions.map((p) =>
        h(
          'tr',
          { 'data-partition': p.partition, 'data-lag': p.lag },
          h('td', {}, p.topic),
          h('td', { class: 'num' }, p.partition),
          h('td', { class: 'num' }, p.committed ?? '—'),
          h('td', { class: 'num' }, p.last),
          h('td', { class: `num ${p.lag === 0 ? 'ok' : 'warn'}` }, p.lag),
          h('td', { class: 'mono', title: p.memberId ?? '' }, short(p.memberId)),
        ),
      ),
      [1, 2, 3, 4],
    ),
  );
}
