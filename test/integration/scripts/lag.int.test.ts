/** `npm run lag` against the real broker: a topic and a group of the test's own. */

import { randomUUID } from 'node:crypto';
import { consumerLag, type LagReport } from '../../../scripts/lag';
import { localKafka } from '../../../scripts/infra/provision';
import { createTopic, produce } from '../support/topics';
import { runScript } from './support';

describe('npm run lag', () => {
  const admin = localKafka('test-lag').admin();
  beforeAll(() => admin.connect());
  afterAll(() => admin.disconnect());

  it('reports end offset, committed offset and lag per partition for a group that read the topic', async () => {
    const topic = await createTopic('lag-test');
    const groupId = `lag-test-${randomUUID().slice(0, 8)}`;
    await produce(topic, [
      ...['a', 'b', 'c', 'd'].map((value) => ({ value, partition: 0 })),
      ...['e', 'f'].map((value) => ({ value, partition: 1 })),
    ]);
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '3' }] });

    const report = await consumerLag(admin, topic);

    expect(report.groups.map((g) => g.groupId)).toEqual([groupId]);
    expect(report.groups[0]).toMatchObject({
      state: 'Empty',
      members: 0,
      totalLag: 3,
      partitions: [
        { partition: 0, end: 4, committed: 3, lag: 1 },
        { partition: 1, end: 2, committed: undefined, lag: 2 },
        { partition: 2, end: 0, committed: undefined, lag: 0 },
      ],
    });
  });

  it('prints the same report as JSON from the command line', async () => {
    const topic = await createTopic('lag-cli');
    const groupId = `lag-cli-${randomUUID().slice(0, 8)}`;
    await produce(topic, [{ value: 'x', partition: 2 }]);
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 2, offset: '1' }] });

    const { code, output } = await runScript('lag.ts', ['--topic', topic, '--group', groupId, '--json']);

    expect(code).toBe(0);
    const report = JSON.parse(output) as LagReport;
    expect(report.groups[0]!.partitions.find((p) => p.partition === 2)).toEqual({
      partition: 2,
      end: 1,
      committed: 1,
      lag: 0,
    });
  });
});
