import { MessageRejected, SendEmailCommand, SESClient, SESServiceException } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import {
  SesEmailSender,
  withoutAddresses,
} from '../../../../../../src/notifications/adapters/ses/ses-email.sender';
import {
  NotificationChannelUnavailableError,
  NotificationRejectedError,
} from '../../../../../../src/notifications/domain/notification.errors';

const email = {
  to: 'user@email.com',
  subject: '📦 Tu orden ha sido creada!',
  text: 'plain',
  html: '<p>html</p>',
};

const serviceError = (name: string, message: string, fault: 'client' | 'server' = 'server') =>
  new SESServiceException({ name, message, $fault: fault, $metadata: { httpStatusCode: 400 } });

describe('SesEmailSender', () => {
  const ses = mockClient(SESClient);
  const sender = new SesEmailSender(new SESClient({ region: 'us-east-1' }), 'no-reply@orders.example.com');

  beforeEach(() => ses.reset());

  it('sends the email from the configured sender, UTF-8 subject, text and HTML, and returns the MessageId', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: '0100018d-abc' });

    const sent = await sender.send(email);

    expect(sent).toEqual({ providerMessageId: '0100018d-abc' });
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input).toEqual({
      Source: 'no-reply@orders.example.com',
      Destination: { ToAddresses: ['user@email.com'] },
      Message: {
        Subject: { Data: '📦 Tu orden ha sido creada!', Charset: 'UTF-8' },
        Body: { Text: { Data: 'plain', Charset: 'UTF-8' }, Html: { Data: '<p>html</p>', Charset: 'UTF-8' } },
      },
    });
  });

  it('reports a rejected message as permanent, without the address SES quotes', async () => {
    ses.on(SendEmailCommand).rejects(
      new MessageRejected({
        message: 'Email address is not verified. The following identities failed the check: user@email.com',
        $metadata: {},
      }),
    );

    const failure = await sender.send(email).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(NotificationRejectedError);
    expect((failure as Error).message).toBe(
      'SES MessageRejected: Email address is not verified. The following identities failed the check: <address>',
    );
  });

  it('reports a malformed address as permanent', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(serviceError('InvalidParameterValue', "Missing final '@domain'", 'client'));

    await expect(sender.send(email)).rejects.toBeInstanceOf(NotificationRejectedError);
  });

  it.each([
    ['throttling', serviceError('Throttling', 'Maximum sending rate exceeded.', 'client')],
    ['a 5xx', serviceError('ServiceUnavailable', 'Service is unavailable')],
    ['a paused account', serviceError('AccountSendingPausedException', 'Sending paused', 'client')],
    ['a timeout', Object.assign(new Error('socket timed out'), { name: 'TimeoutError' })],
  ])('reports %s as retriable', async (_, error) => {
    ses.on(SendEmailCommand).rejects(error);

    const failure = await sender.send(email).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(NotificationChannelUnavailableError);
    expect(failure).toMatchObject({ retriable: true });
  });
});

describe('withoutAddresses', () => {
  it('replaces every email address, quoted or not', () => {
    expect(withoutAddresses('to <a.b@c.com>, "x+y@d.org" and z@e.net.')).toBe(
      'to <<address>>, "<address>" and <address>',
    );
  });
});
