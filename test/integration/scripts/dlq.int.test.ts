import { failureRecord } from '../../../plugins/serverless-offline-kafka/src/failure-record';
import type { jsonView } from '../../../scripts/dlq';
import { deadLetterHeaders } from '../../../src/shared/kafka/kafka-dead-letter.publisher';
import { endOffsets, readFrom } from '../support/kafka';
import { createTopic, produce } from '../support/topics';
import { runScript } from './support';

/**
 * `npm run dlq` and `npm run dlq:replay` against the real broker, on a dead-letter topic of the test's own
 * holding one dead letter of each writer: the event source's failure record and notify's own.
 */
describe('npm run dlq', () => {
  it('lists both kinds of dead letter and replays the chosen one to its source topic as the same event', async () => {
    const [source, dlq] = await Promise.all([createTopic('dlq-source'), createTopic('dlq-test')]);
    const event = JSON.stringify({ eventType: 'OrderCreated', eventId: 'e-1' });
    const original = {
      topic: source,
      partition: 1,
      message: {
        key: Buffer.from('order-1'),
        value: Buffer.from(event),
        timestamp: String(Date.now() - 5000),
        attributes: 0,
        offset: '3',
        headers: { eventType: Buffer.from('OrderCreated') },
      },
    };
    const failure = failureRecord(original, {
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:notify:$LATEST',
      source: { type: 'msk', arn: 'arn:aws:kafka:us-east-1:000000000000:cluster/local/1' },
      bootstrapServers: 'localhost:9092',
      condition: 'RetriesExhausted',
      invokeCount: 11,
      requestId: 'r-1',
      response: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      now: new Date(),
    });
    await produce(dlq, [
      { key: 'order-1', value: JSON.stringify(failure), partition: 0 },
      {
        key: 'order-2',
        value: 'not json',
        partition: 2,
        headers: deadLetterHeaders(
          {
            key: null,
            value: null,
            headers: [],
            origin: { topic: source, partition: '0', offset: '8', timestamp: '0' },
          },
          { code: 'MALFORMED_EVENT', message: 'the message value is not JSON', at: new Date() },
          'notification-service',
        ),
      },
    ]);

    const listed = await runScript('dlq.ts', ['list', '--topic', dlq]);
    const json = await runScript('dlq.ts', ['list', '--topic', dlq, '--json']);
    const dryRun = await runScript('dlq.ts', [
      'replay',
      '--topic',
      dlq,
      'all',
      '--reason',
      'RetriesExhausted',
      '--dry-run',
    ]);
    const from = await endOffsets(source);
    const replayed = await runScript('dlq.ts', ['replay', '--topic', dlq, '0:0']);
    const [copy] = await readFrom(source, from, (found) => found.length === 1);
    const unknown = await runScript('dlq.ts', ['replay', '--topic', dlq, '5:5']);

    expect(listed.code).toBe(0);
    expect(listed.output).toMatch(
      new RegExp(
        `^0:0 +\\d+ s +RetriesExhausted \\(Unhandled\\) +${source}-1@3 +11 +order-1 +event-source$`,
        'm',
      ),
    );
    expect(listed.output).toMatch(
      new RegExp(
        `^2:0 +\\d+ s +MALFORMED_EVENT \\(the message value is not JSON\\) +${source}-0@8 +- +order-2 +notify$`,
        'm',
      ),
    );
    const report = JSON.parse(json.output) as ReturnType<typeof jsonView>;
    expect(report.deadLetters.map((d) => [d.id, d.reason, d.original.value])).toEqual([
      ['0:0', 'RetriesExhausted', event],
      ['2:0', 'MALFORMED_EVENT', 'not json'],
    ]);
    expect(dryRun.output.trim()).toBe(
      `would replay 0:0 (RetriesExhausted, ${source}-1@3, key order-1) to ${source}`,
    );
    expect(replayed.code).toBe(0);
    expect(copy!.message.key!.toString()).toBe('order-1');
    expect(copy!.message.value!.toString()).toBe(event);
    expect(String(copy!.message.headers!.eventType)).toBe('OrderCreated');
    expect(String(copy!.message.headers!['dlq-replayed-from'])).toBe(`${dlq}:0:0`);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toMatch(/\[dlq\] no dead letter 5:5/);
  });
});
