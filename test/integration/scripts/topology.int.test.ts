import type { ClusterView } from '../../../scripts/topology';
import { createTopic } from '../support/topics';
import { runScript } from './support';

/** `npm run topology` against the real broker: the single node is broker, leader and KRaft controller. */
describe('npm run topology', () => {
  it('reports each partition’s leader, replicas and ISR, and the active controller from DescribeQuorum', async () => {
    const topic = await createTopic('topology-cli');

    const { code, output } = await runScript('topology.ts', ['--topic', topic, '--json']);

    expect(code).toBe(0);
    const view = JSON.parse(output) as ClusterView;
    expect(view.brokers).toEqual([{ nodeId: 1, address: 'localhost:9092', alive: true }]);
    expect(view.quorum).toMatchObject({ leaderId: 1, voters: [expect.objectContaining({ replicaId: 1 })] });
    expect(view.quorum!.leaderEpoch).toBeGreaterThan(0);
    expect(view.topics).toEqual([
      {
        name: topic,
        minInsyncReplicas: 1,
        partitions: [0, 1, 2].map((partition) => ({ partition, leader: 1, replicas: [1], isr: [1] })),
      },
    ]);
  });

  it('draws the same as a table', async () => {
    const topic = await createTopic('topology-text');

    const { code, output } = await runScript('topology.ts', ['--topic', topic]);

    expect(code).toBe(0);
    expect(output).toMatch(/controller {2}node 1 \(KRaft active controller, epoch \d+\)/);
    expect(output).toContain(`${topic} · 3 partitions · replication factor 1 · min.insync.replicas 1`);
    expect(output).toMatch(/\n {8}0 {7}1 {2}1 {9}1\n/);
  });
});
