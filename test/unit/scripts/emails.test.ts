import { formatEmails } from '../../../scripts/emails';
import type { CapturedEmail } from '../../../scripts/infra/captured-emails';

const email = (to: string[], subject: string, sentAt: string): CapturedEmail => ({
  messageId: `id-${subject}`,
  from: 'no-reply@orders.local',
  to,
  cc: [],
  bcc: [],
  subject,
  text: 'a body that is never listed',
  sentAt: new Date(sentAt),
});

describe('formatEmails', () => {
  it('lists time, recipients and subject in aligned columns, never the body', () => {
    const text = formatEmails([
      email(['ana@example.com'], 'Your order', '2026-01-20T10:30:00.123Z'),
      email(['bo@example.com', 'cy@example.com'], 'Receipt', '2026-01-20T10:31:05.000Z'),
    ]);

    expect(text.split('\n')).toEqual([
      'sent (UTC)            to                              subject',
      '2026-01-20 10:30:00Z  ana@example.com                 Your order',
      '2026-01-20 10:31:05Z  bo@example.com, cy@example.com  Receipt',
    ]);
    expect(text).not.toContain('body');
  });

  it('says so when nothing was captured', () => {
    expect(formatEmails([])).toBe('No captured emails yet.');
  });
});
