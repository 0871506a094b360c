import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { MINISTACK_STATE_DIR } from '../../scripts/infra/aws-emulator';
import { readCapturedEmails } from '../../scripts/infra/captured-emails';
import { ROOT } from '../../scripts/infra/local';
import { localAwsClientConfig, localKafka } from '../../scripts/infra/provision';
import { functionEnvironment } from '../integration/support/function-environment';
import { startProcess } from '../integration/support/offline';
import { createTopic, produce } from '../integration/support/topics';

/**
 * What the local infrastructure holds survives `npm run infra:down` + `npm run infra:up`: an item in a
 * table and a captured email on the emulator's side, a record on Kafka's side.
 */
async function npmRun(script: string): Promise<string> {
  const run = startProcess('npm', ['run', '--silent', script], { cwd: ROOT });
  const code = await new Promise<number | null>((resolve) => run.child.once('exit', resolve));
  if (code !== 0) throw new Error(`npm run ${script} exited ${code}:\n${run.output()}`);
  return run.output();
}

describe('local state', () => {
  it('keeps table items, captured emails and Kafka records across infra:down and infra:up', async () => {
    const table = functionEnvironment('createUser').USERS_TABLE!;
    const sender = functionEnvironment('notify').SES_SENDER!;
    const id = randomUUID();
    const recipient = `local-state-${id.slice(0, 8)}@example.com`;
    const topic = await createTopic('local-state');
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient(localAwsClientConfig()));
    const ses = new SESClient(localAwsClientConfig());
    await documents.send(new PutCommand({ TableName: table, Item: { id, name: 'kept' } }));
    const { MessageId } = await ses.send(
      new SendEmailCommand({
        Source: sender,
        Destination: { ToAddresses: [recipient] },
        Message: { Subject: { Data: 'kept' }, Body: { Text: { Data: 'kept across restarts' } } },
      }),
    );
    await produce(topic, [{ key: id, value: 'kept' }]);
    documents.destroy();
    ses.destroy();

    const down = await npmRun('infra:down');
    await npmRun('infra:up');

    const after = DynamoDBDocumentClient.from(new DynamoDBClient(localAwsClientConfig()));
    const { Item } = await after.send(
      new GetCommand({ TableName: table, Key: { id }, ConsistentRead: true }),
    );
    after.destroy();
    const emails = (await readCapturedEmails()).filter((email) => email.to.includes(recipient));
    const admin = localKafka('local-state').admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();

    expect(down).toContain(`stopped MiniStack (state saved in ${path.relative(ROOT, MINISTACK_STATE_DIR)})`);
    expect(Item).toEqual({ id, name: 'kept' });
    expect(emails.map((email) => [email.messageId, email.subject, email.text])).toEqual([
      [MessageId, 'kept', 'kept across restarts'],
    ]);
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(1);
  }, 600_000);
});
