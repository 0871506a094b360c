import { formatLag } from '../../../scripts/lag';

describe('formatLag', () => {
  it('shows each group with its partitions: end, committed offset and lag, numbers right-aligned', () => {
    const text = formatLag({
      topic: 'order-events',
      groups: [
        {
          groupId: 'notification-service-group',
          state: 'Stable',
          members: 1,
          totalLag: 12,
          partitions: [
            { partition: 0, end: 5, committed: 5, lag: 0 },
            { partition: 1, end: 13, committed: 3, lag: 10 },
            { partition: 2, end: 2, committed: undefined, lag: 2 },
          ],
        },
      ],
    });

    expect(text.split('\n')).toEqual([
      'order-events · group notification-service-group (Stable, 1 member) · total lag 12',
      'partition  end  committed  lag',
      '        0    5          5    0',
      '        1   13          3   10',
      '        2    2          -    2',
    ]);
  });

  it('says so when no group has read the topic', () => {
    expect(formatLag({ topic: 'order-events', groups: [] })).toBe(
      'No consumer group has committed offsets on order-events yet.',
    );
  });
});
