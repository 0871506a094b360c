import ministack from '../../../fixtures/captured-emails/ministack.json';
import localstack from '../../../fixtures/captured-emails/localstack.json';
import { fromLocalstack, fromMinistack } from '../../../../scripts/infra/captured-emails';

describe('captured-email reader', () => {
  it('reads a MiniStack SendEmail message into the common shape', () => {
    const [email] = fromMinistack(ministack);

    expect(email).toEqual({
      messageId: '0100018c-ministack-1',
      from: 'no-reply@orders.local',
      to: ['ana@example.com'],
      cc: [],
      bcc: [],
      subject: '📦 Tu orden ha sido creada!',
      text: 'Hola',
      html: '<p>Hola</p>',
      sentAt: new Date('2026-01-20T10:30:00Z'),
    });
  });

  it('reads the LocalStack shape of the same message into the same shape', () => {
    const [fromLs] = fromLocalstack(localstack);
    const [fromMs] = fromMinistack(ministack);

    expect({ ...fromLs, messageId: 'same' }).toEqual({ ...fromMs, messageId: 'same' });
  });

  it('takes recipients and a folded subject from the headers of a raw message, in both emulators', () => {
    for (const email of [fromMinistack(ministack)[1]!, fromLocalstack(localstack)[1]!]) {
      expect(email.to).toEqual(['luis@example.com', 'eva@example.com']);
      expect(email.subject).toBe('Raw hello');
      expect(email.raw).toContain('\nbody');
      expect(email.sentAt).toEqual(new Date('2026-01-20T10:13:20Z'));
    }
  });
});
