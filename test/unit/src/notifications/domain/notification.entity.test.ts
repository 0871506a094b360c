import { Notification } from '../../../../../src/notifications/domain/notification.entity';
import {
  InvalidNotificationTransitionError,
  NotificationAttemptInProgressError,
} from '../../../../../src/notifications/domain/notification.errors';

const t0 = new Date('2026-01-20T10:30:00.000Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
const fresh = () =>
  Notification.create({
    id: 'n-1',
    eventId: 'e-1',
    orderId: 'o-1',
    recipient: 'user@email.com',
    channel: 'EMAIL',
    now: t0,
  });

describe('Notification', () => {
  it('starts PENDING, never attempted and never stored', () => {
    const notification = fresh();

    expect(notification.status.value).toBe('PENDING');
    expect(notification.attempts).toBe(0);
    expect(notification.version).toBe(0);
    expect(notification.isSettled).toBe(false);
  });

  it('counts an attempt and holds it for the lease, after which another may start', () => {
    const attempted = fresh().startAttempt(t0, 1000);

    expect(attempted.attempts).toBe(1);
    expect(attempted.hasAttemptInProgress(later(999))).toBe(true);
    expect(() => attempted.startAttempt(later(999), 1000)).toThrow(NotificationAttemptInProgressError);
    expect(attempted.startAttempt(later(1000), 1000).attempts).toBe(2);
  });

  it('once SENT keeps the provider id and time, and frees the attempt', () => {
    const sent = fresh().startAttempt(t0, 1000).markSent('ses-123', later(10));

    expect(sent.status.value).toBe('SENT');
    expect(sent.providerMessageId).toBe('ses-123');
    expect(sent.sentAt).toEqual(later(10));
    expect(sent.hasAttemptInProgress(later(11))).toBe(false);
    expect(sent.isSettled).toBe(true);
  });

  it('cannot be attempted, sent again or failed once SENT', () => {
    const sent = fresh().startAttempt(t0, 1000).markSent('ses-123', later(10));

    expect(() => sent.startAttempt(later(20), 1000)).toThrow(InvalidNotificationTransitionError);
    expect(() => sent.markSent('ses-456', later(20))).toThrow(InvalidNotificationTransitionError);
    expect(() => sent.markFailed('late failure', later(20))).toThrow(InvalidNotificationTransitionError);
  });

  it('once FAILED keeps the reason and cannot be sent', () => {
    const failed = fresh().startAttempt(t0, 1000).markFailed('SES MessageRejected', later(10));

    expect(failed.status.value).toBe('FAILED');
    expect(failed.lastError).toBe('SES MessageRejected');
    expect(() => failed.markSent('ses-123', later(20))).toThrow(InvalidNotificationTransitionError);
  });

  it('stays PENDING after a retriable failure, with the reason and the attempt freed', () => {
    const retried = fresh().startAttempt(t0, 1000).recordRetriableFailure('SES Throttling', later(10));

    expect(retried.status.value).toBe('PENDING');
    expect(retried.lastError).toBe('SES Throttling');
    expect(retried.hasAttemptInProgress(later(11))).toBe(false);
    expect(retried.updatedAt).toEqual(later(10));
  });

  it('leaves the original untouched when it changes', () => {
    const original = fresh();

    original.startAttempt(t0, 1000);

    expect(original.attempts).toBe(0);
  });
});
