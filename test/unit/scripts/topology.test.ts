import {
  changesBetween,
  formatClusterView,
  topologyOptions,
  type ClusterView,
} from '../../../scripts/topology';

const healthy: ClusterView = {
  at: new Date('2026-01-02T10:00:00.000Z'),
  clusterId: 'abc',
  brokers: [
    { nodeId: 1, address: 'localhost:19092', alive: true },
    { nodeId: 2, address: 'localhost:29092', alive: true },
    { nodeId: 3, address: 'localhost:39092', alive: true },
  ],
  metadataControllerId: 2,
  quorum: {
    leaderId: 4,
    leaderEpoch: 2,
    highWatermark: 100,
    voters: [{ replicaId: 4, logEndOffset: 100, lastFetchTimestamp: -1, lastCaughtUpTimestamp: -1 }],
    observers: [1, 2, 3].map((replicaId) => ({
      replicaId,
      logEndOffset: 100,
      lastFetchTimestamp: 0,
      lastCaughtUpTimestamp: 0,
    })),
  },
  topics: [
    {
      name: 'order-events',
      minInsyncReplicas: 2,
      partitions: [
        { partition: 0, leader: 1, replicas: [1, 2, 3], isr: [1, 2, 3] },
        { partition: 1, leader: 2, replicas: [2, 3, 1], isr: [1, 2, 3] },
        { partition: 2, leader: 3, replicas: [3, 1, 2], isr: [1, 2, 3] },
      ],
    },
  ],
};

/** Broker 1 killed and fenced: partition 0 led by 2 now; then broker 2 gone as well. */
const afterKill: ClusterView = {
  ...healthy,
  at: new Date('2026-01-02T10:00:04.000Z'),
  brokers: healthy.brokers.map((b) => (b.nodeId === 1 ? { ...b, alive: false } : b)),
  topics: [
    {
      name: 'order-events',
      minInsyncReplicas: 2,
      partitions: [
        { partition: 0, leader: 2, replicas: [1, 2, 3], isr: [2, 3] },
        { partition: 1, leader: 2, replicas: [2, 3, 1], isr: [2, 3] },
        { partition: 2, leader: 3, replicas: [3, 1, 2], isr: [3] },
      ],
    },
  ],
};

describe('npm run topology', () => {
  it('draws the active controller, each broker with what it leads and follows, and each partition', () => {
    const text = formatClusterView(healthy);

    expect(text).toContain('controller  node 4 (KRaft active controller, epoch 2)');
    expect(text).toContain('brokers caught up');
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        'broker  address          state  leader of  in-sync follower of',
        '     1  localhost:19092  up             1                    2',
        'order-events · 3 partitions · replication factor 3 · min.insync.replicas 2',
        'partition  leader  replicas  in sync (ISR)',
        '        0       1  1,2,3     1,2,3',
      ]),
    );
  });

  it('marks a dead broker, an under-replicated partition and one below min.insync.replicas', () => {
    const lines = formatClusterView(afterKill).split('\n');

    expect(lines).toContain('     1  localhost:19092  DOWN           -                    -');
    expect(lines).toContain('        0       2  1,2,3     2,3            under-replicated');
    expect(lines).toContain(
      '        2       3  3,1,2     3              below min.insync.replicas: acks=all writes fail',
    );
  });

  it('says what changed between two readings: brokers, leaders and in-sync replicas', () => {
    expect(changesBetween(healthy, afterKill)).toEqual([
      'broker 1 DOWN',
      'order-events-0 leader 1 → 2',
      'order-events-0 ISR 1,2,3 → 2,3',
      'order-events-1 ISR 1,2,3 → 2,3',
      'order-events-2 ISR 1,2,3 → 3',
    ]);
  });

  it('says when the controller is unknown rather than naming the broker Metadata calls "controller"', () => {
    const text = formatClusterView({ ...healthy, quorum: undefined, quorumError: 'no broker answered' });

    expect(text).toContain('controller  unknown: no broker answered');
    expect(text).not.toMatch(/controller {2}node 2/);
  });

  it('takes several --topic, and refuses a watch interval that would hammer the brokers', () => {
    expect(topologyOptions(['--topic', 'a', '--topic=b', '--watch'])).toMatchObject({
      topic: ['a', 'b'],
      watch: true,
      interval: 1000,
    });
    expect(() => topologyOptions(['--interval', '10'])).toThrow(
      '--interval must be whole milliseconds, 100 or more',
    );
    expect(() => topologyOptions(['--topics', 'a'])).toThrow('unknown option --topics');
  });
});
