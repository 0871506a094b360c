import { InvalidReportRangeError } from '../../../../../src/analytics/domain/analytics.errors';
import { orderFactOf } from '../../../../../src/analytics/domain/order-fact';
import { ReportRange } from '../../../../../src/analytics/domain/report-range.value-object';
import { centsOf, formatCents } from '../../../../../src/analytics/domain/revenue.value-object';
import { orderCreated } from '../../../fakes/order-events';

describe('revenue in cents', () => {
  it.each([
    ['0.01', 1n],
    ['99.99', 9999n],
    ['1234.50', 123450n],
    ['90071992547409.93', 9007199254740993n],
  ])('reads %s exactly as %s cents, and prints it back', (amount, cents) => {
    expect(centsOf(amount)).toBe(cents);
    expect(formatCents(cents)).toBe(amount);
  });

  it('adds 0.10 and 0.20 to exactly 0.30', () => {
    expect(formatCents(centsOf('0.10') + centsOf('0.20'))).toBe('0.30');
  });

  it.each(['1.5', '1,50', '-1.00', '', '01.00'])('refuses %p, which the contract never carries', (amount) => {
    expect(() => centsOf(amount)).toThrow(RangeError);
  });
});

describe('orderFactOf', () => {
  it("keeps the event's id, the order, the customer, the UTC day, the currency and the amount", () => {
    const event = orderCreated({
      createdAt: '2026-01-20T23:59:59.999Z',
      totalAmount: '10.05',
      currency: 'USD',
    });

    expect(orderFactOf(event)).toEqual({
      eventId: event.eventId,
      orderId: event.orderId,
      customerId: event.customerId,
      day: '2026-01-20',
      currency: 'USD',
      amount: 1005n,
    });
  });
});

describe('ReportRange', () => {
  const problem = (from?: string, to?: string) => {
    try {
      ReportRange.of(from, to);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidReportRangeError);
      const { field, message } = error as InvalidReportRangeError;
      return { field, message };
    }
    throw new Error('no error');
  };

  it('accepts one day, and a whole leap year (366 days, both ends included)', () => {
    expect(ReportRange.of('2026-11-30', '2026-11-30')).toMatchObject({
      from: '2026-11-30',
      to: '2026-11-30',
    });
    expect(ReportRange.of('2028-01-01', '2028-12-31')).toMatchObject({ to: '2028-12-31' });
  });

  it.each([
    [undefined, '2026-01-01', 'from', 'from is required'],
    ['2026-01-01', '', 'to', 'to is required'],
    ['2026-1-01', '2026-01-02', 'from', 'from must be a calendar day as YYYY-MM-DD'],
    ['2026-02-29', '2026-03-01', 'from', 'from must be a calendar day as YYYY-MM-DD'],
    ['2026-01-01', '2026-13-01', 'to', 'to must be a calendar day as YYYY-MM-DD'],
    ['2026-01-01', '2026-01-01T00:00:00Z', 'to', 'to must be a calendar day as YYYY-MM-DD'],
    ['0050-01-01', '2026-01-01', 'from', 'from must be a calendar day as YYYY-MM-DD'],
    ['2026-01-02', '2026-01-01', 'from', 'from (2026-01-02) is after to (2026-01-01)'],
    ['2026-01-01', '2027-01-02', 'to', 'a report covers at most 366 days'],
  ])('refuses from=%p to=%p naming %s', (from, to, field, message) => {
    expect(problem(from, to)).toEqual({ field, message });
  });

  it('names the months a range touches, across a year end', () => {
    expect(ReportRange.of('2026-11-15', '2027-02-01').months()).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
    ]);
  });
});
