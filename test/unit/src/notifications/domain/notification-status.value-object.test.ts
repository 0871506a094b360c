import { InvalidNotificationTransitionError } from '../../../../../src/notifications/domain/notification.errors';
import { NotificationStatus } from '../../../../../src/notifications/domain/notification-status.value-object';

const { PENDING, SENT, FAILED } = NotificationStatus;

describe('NotificationStatus', () => {
  it('lets a PENDING notification become SENT or FAILED', () => {
    expect(PENDING.transitionTo(SENT)).toBe(SENT);
    expect(PENDING.transitionTo(FAILED)).toBe(FAILED);
  });

  it.each([
    [SENT, FAILED],
    [SENT, PENDING],
    [SENT, SENT],
    [FAILED, SENT],
    [FAILED, PENDING],
    [PENDING, PENDING],
  ])('refuses %s → %s', (from, to) => {
    expect(from.canBecome(to)).toBe(false);
    expect(() => from.transitionTo(to)).toThrow(InvalidNotificationTransitionError);
    expect(() => from.transitionTo(to)).toThrow(`a ${from.value} notification cannot become ${to.value}`);
  });

  it('calls SENT and FAILED final, PENDING not', () => {
    expect([PENDING.isFinal, SENT.isFinal, FAILED.isFinal]).toEqual([false, true, true]);
  });

  it('reads a stored value back into the same status, and refuses an unknown one', () => {
    expect(NotificationStatus.from('SENT')).toBe(SENT);
    expect(() => NotificationStatus.from('DELIVERED')).toThrow(RangeError);
  });
});
