/** `npm run emails` against the real emulator: finds the test's own email by its unique recipient. */

import { randomUUID } from 'node:crypto';
import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { localAwsClientConfig } from '../../../scripts/infra/provision';
import { loadTopology } from '../../../scripts/infra/topology';
import { LOCAL } from '../../../scripts/infra/local';
import { runScript } from './support';

describe('npm run emails', () => {
  const ses = new SESClient(localAwsClientConfig());
  afterAll(() => ses.destroy());

  it('shows a captured email with its recipient and subject, as text and as JSON', async () => {
    const recipient = `emails-cli-${randomUUID()}@example.com`;
    await ses.send(
      new SendEmailCommand({
        Source: loadTopology(LOCAL.stage).sesSender,
        Destination: { ToAddresses: [recipient] },
        Message: { Subject: { Data: 'Order received' }, Body: { Text: { Data: 'thanks' } } },
      }),
    );

    const text = await runScript('emails.ts', ['--to', recipient]);
    const json = await runScript('emails.ts', ['--to', recipient, '--json']);

    expect(text.code).toBe(0);
    expect(text.output).toMatch(
      new RegExp(`\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ  ${recipient}  Order received`),
    );
    expect(json.code).toBe(0);
    expect(JSON.parse(json.output)).toEqual([
      expect.objectContaining({ to: [recipient], subject: 'Order received', text: 'thanks' }),
    ]);
  });
});
