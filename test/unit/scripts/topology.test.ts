import type { Quorum } from '../../../scripts/infra/kafka-quorum';
import { CLUSTER, SINGLE_NODE } from '../../../scripts/infra/local';
import {
  changesBetween,
  formatClusterView,
  readClusterView,
  topologyOptions,
  type ClusterView,
} from '../../../scripts/topology';
import { FakeKafkaAdmin, healthyPartitions } from '../fakes/kafka-admin';

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

describe('readClusterView', () => {
  const quorum: Quorum = healthy.quorum!;
  let admin: FakeKafkaAdmin;
  let asked: string[];
  const askQuorum = async (address: string) => {
    asked.push(address);
    return quorum;
  };

  beforeEach(() => {
    admin = new FakeKafkaAdmin();
    admin.clusterId = 'abc';
    admin.brokers = [
      { nodeId: 2, host: 'localhost', port: 29092 },
      { nodeId: 1, host: 'localhost', port: 19092 },
    ];
    admin.controller = 2;
    asked = [];
  });

  it('lists every broker of the layout, a dead one as not alive, and the controller DescribeQuorum names', async () => {
    admin.topics.set('order-events', { partitions: healthyPartitions(3, [1, 2, 3]), minInsyncReplicas: 2 });

    const view = await readClusterView(CLUSTER, { topics: ['order-events'] }, { admin, askQuorum });

    expect(view.clusterId).toBe('abc');
    expect(view.brokers).toEqual([
      { nodeId: 1, address: 'localhost:19092', alive: true },
      { nodeId: 2, address: 'localhost:29092', alive: true },
      { nodeId: 3, address: 'localhost:39092', alive: false },
    ]);
    expect(view.metadataControllerId).toBe(2);
    expect(view.quorum).toBe(quorum);
    expect(view.quorumError).toBeUndefined();
    expect(asked).toEqual(['localhost:29092']);
    expect(admin.disconnects).toBe(1);
  });

  it('gives each partition its leader and replicas as Kafka lists them, the ISR sorted, and the topic its min.insync.replicas', async () => {
    admin.topics.set('order-events', {
      minInsyncReplicas: 2,
      partitions: [
        { partition: 1, leader: 3, replicas: [3, 1, 2], isr: [3, 1] },
        { partition: 0, leader: -1, replicas: [2, 3, 1], isr: [] },
      ],
    });

    const view = await readClusterView(CLUSTER, { topics: ['order-events'] }, { admin, askQuorum });

    expect(view.topics).toEqual([
      {
        name: 'order-events',
        minInsyncReplicas: 2,
        partitions: [
          { partition: 0, leader: -1, replicas: [2, 3, 1], isr: [] },
          { partition: 1, leader: 3, replicas: [3, 1, 2], isr: [1, 3] },
        ],
      },
    ]);
  });

  it('leaves out topics asked for that do not exist, and shows every topic with --all', async () => {
    admin.topics.set('order-events', { partitions: healthyPartitions(1, [1]) });
    admin.topics.set('audit', { partitions: healthyPartitions(2, [1]) });

    const asked = await readClusterView(
      SINGLE_NODE,
      { topics: ['order-events', 'nope'] },
      { admin, askQuorum },
    );
    const all = await readClusterView(SINGLE_NODE, { all: true }, { admin, askQuorum });

    expect(asked.topics.map((t) => [t.name, t.minInsyncReplicas])).toEqual([['order-events', undefined]]);
    expect(all.topics.map((t) => t.name)).toEqual(['audit', 'order-events']);
  });

  it('shows an unknown broker that answers too, and no topics when none exist', async () => {
    admin.brokers.push({ nodeId: 7, host: 'localhost', port: 49092 });
    admin.controller = null;

    const view = await readClusterView(SINGLE_NODE, { topics: ['order-events'] }, { admin, askQuorum });

    expect(view.brokers).toEqual([
      { nodeId: 1, address: 'localhost:9092', alive: true },
      { nodeId: 2, address: 'localhost:29092', alive: true },
      { nodeId: 7, address: 'localhost:49092', alive: true },
    ]);
    expect(view.metadataControllerId).toBe(-1);
    expect(view.topics).toEqual([]);
  });

  it('asks the next broker when one does not answer DescribeQuorum, and says why when none does', async () => {
    const failing = (address: string) =>
      Promise.reject(new Error(`no DescribeQuorum answer from ${address}`));
    const secondAnswers = async (address: string) => {
      asked.push(address);
      if (asked.length === 1) throw new Error('closed');
      return quorum;
    };

    const answered = await readClusterView(CLUSTER, {}, { admin, askQuorum: secondAnswers });
    const unknown = await readClusterView(CLUSTER, {}, { admin, askQuorum: failing });

    expect(asked).toEqual(['localhost:29092', 'localhost:19092']);
    expect(answered.quorum).toBe(quorum);
    expect(unknown.quorum).toBeUndefined();
    expect(unknown.quorumError).toBe('no DescribeQuorum answer from localhost:19092');
    expect(formatClusterView(unknown)).toContain(
      'controller  unknown: no DescribeQuorum answer from localhost:19092',
    );
  });

  it('disconnects when a request fails, and lets the failure through', async () => {
    admin.failWith = new Error('The broker is not available');

    await expect(readClusterView(CLUSTER, {}, { admin, askQuorum })).rejects.toThrow(
      'The broker is not available',
    );
    expect(admin.disconnects).toBe(1);
  });
});

describe('formatClusterView', () => {
  it('marks an offline partition and a controller whose brokers lag behind the metadata log', () => {
    const view: ClusterView = {
      ...healthy,
      quorum: {
        ...healthy.quorum!,
        observers: [{ replicaId: 3, logEndOffset: 90, lastFetchTimestamp: 0, lastCaughtUpTimestamp: 0 }],
      },
      topics: [
        {
          name: 'order-events',
          minInsyncReplicas: undefined,
          partitions: [{ partition: 0, leader: -1, replicas: [1, 2, 3], isr: [] }],
        },
      ],
    };

    const lines = formatClusterView(view).split('\n');

    expect(lines[1]).toContain('voters 4 (active) · metadata log 100, brokers 3 10 behind');
    expect(lines).toContain('order-events · 1 partitions · replication factor 3 · min.insync.replicas ?');
    expect(lines).toContain('        0    none  1,2,3     -              OFFLINE: no leader');
  });

  it('says how to get topics when there are none', () => {
    expect(formatClusterView({ ...healthy, topics: [] })).toContain(
      'No topics to show (npm run infra:up creates them).',
    );
  });
});

describe('changesBetween', () => {
  it('names a broker coming back, a new active controller and a partition losing its leader', () => {
    const before: ClusterView = { ...afterKill, quorum: { ...healthy.quorum!, leaderId: 4 } };
    const after: ClusterView = {
      ...healthy,
      quorum: { ...healthy.quorum!, leaderId: 5 },
      topics: [
        {
          name: 'order-events',
          minInsyncReplicas: 2,
          partitions: [
            { partition: 0, leader: -1, replicas: [1, 2, 3], isr: [2, 3] },
            { partition: 7, leader: 1, replicas: [1], isr: [1] },
          ],
        },
        {
          name: 'new-topic',
          minInsyncReplicas: 2,
          partitions: [{ partition: 0, leader: 1, replicas: [1], isr: [1] }],
        },
      ],
    };

    expect(changesBetween(before, after)).toEqual([
      'broker 1 up',
      'active controller 4 → 5',
      'order-events-0 leader 2 → none',
    ]);
    expect(changesBetween(after, before)).toContain('order-events-0 leader none → 2');
  });
});
