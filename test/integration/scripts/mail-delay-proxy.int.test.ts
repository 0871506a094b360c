import { randomUUID } from 'node:crypto';
import { ListTablesCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { startMailDelayProxy, type MailDelayProxy } from '../../../scripts/bench/mail-delay-proxy';
import { readCapturedEmails } from '../../../scripts/infra/captured-emails';
import { AWS_ENDPOINT_URL, LOCAL } from '../../../scripts/infra/local';
import { localAwsClientConfig } from '../../../scripts/infra/provision';
import { loadTopology } from '../../../scripts/infra/topology';

/** The benchmark's slower mail provider: the emulator's SES behind a proxy that holds each send. */
describe('mail delay proxy', () => {
  let proxy: MailDelayProxy;
  beforeAll(async () => {
    proxy = await startMailDelayProxy(AWS_ENDPOINT_URL, 300);
  });
  afterAll(() => proxy.close());

  it('holds an SES send for the delay, then lets the emulator capture it', async () => {
    const ses = new SESClient(localAwsClientConfig(proxy.url));
    const recipient = `mail-delay-${randomUUID()}@example.com`;
    const startedAt = performance.now();

    const { MessageId } = await ses.send(
      new SendEmailCommand({
        Source: loadTopology(LOCAL.stage).sesSender,
        Destination: { ToAddresses: [recipient] },
        Message: { Subject: { Data: 'delayed' }, Body: { Text: { Data: 'body' } } },
      }),
    );

    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(300);
    expect(proxy.sends()).toBe(1);
    expect((await readCapturedEmails()).find((email) => email.to.includes(recipient))?.messageId).toBe(
      MessageId,
    );
    ses.destroy();
  });

  it('passes other calls through without holding them', async () => {
    const dynamo = new DynamoDBClient(localAwsClientConfig(proxy.url));
    proxy.setDelay(60_000);

    const { TableNames } = await dynamo.send(new ListTablesCommand({}));

    expect(TableNames).toEqual(
      expect.arrayContaining(loadTopology(LOCAL.stage).tables.map((t) => t.TableName)),
    );
    expect(proxy.sends()).toBe(1);
    dynamo.destroy();
  });
});
