import { isMailSend } from '../../../../scripts/bench/mail-delay-proxy';

describe('isMailSend', () => {
  it('recognises SES v1 sends in a query-protocol body and SES v2 sends by path', () => {
    expect(isMailSend('/', 'Action=SendEmail&Version=2010-12-01&Source=a%40b')).toBe(true);
    expect(isMailSend('/', 'Version=2010-12-01&Action=SendRawEmail')).toBe(true);
    expect(isMailSend('/v2/email/outbound-emails', '{}')).toBe(true);
  });

  it('lets everything else through undelayed: DynamoDB, other SES actions', () => {
    expect(isMailSend('/', '{"TableName":"orders","Key":{"id":{"S":"Action=SendEmail"}}}')).toBe(false);
    expect(isMailSend('/', 'Action=VerifyEmailIdentity&EmailAddress=a%40b')).toBe(false);
  });
});
