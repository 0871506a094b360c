import { MAX_AMOUNT_CENTS, Money } from '../../../../../src/orders/domain/money.value-object';
import { InvalidAmountError, InvalidCurrencyError } from '../../../../../src/orders/domain/order.errors';

describe('Money', () => {
  it.each([
    ['99.99', 9999, '99.99'],
    [99.99, 9999, '99.99'],
    ['5', 500, '5.00'],
    [5.1, 510, '5.10'],
    ['0.01', 1, '0.01'],
    [0.1, 10, '0.10'],
    ['1000000.00', MAX_AMOUNT_CENTS, '1000000.00'],
  ])('reads %p as %d cents and shows it as %p', (amount, cents, shown) => {
    const money = Money.of(amount, 'EUR');

    expect(money.cents).toBe(cents);
    expect(money.amount).toBe(shown);
  });

  it('keeps amounts exact where float arithmetic drifts', () => {
    // 0.1 + 0.2 is 0.30000000000000004 as doubles; as cents it is 30.
    expect(Money.of('0.10').cents + Money.of('0.20').cents).toBe(30);
    expect(Money.of(1.15).amount).toBe('1.15');
  });

  it.each([
    [0, 'greater than 0'],
    ['0.00', 'greater than 0'],
    [-5, 'positive decimal'],
    ['-5.00', 'positive decimal'],
    [Number.NaN, 'positive decimal'],
    [Number.POSITIVE_INFINITY, 'positive decimal'],
    [1e21, 'positive decimal'],
    ['1e3', 'positive decimal'],
    ['10.001', 'positive decimal'],
    [10.001, 'positive decimal'],
    ['', 'positive decimal'],
    [' 5.00', 'positive decimal'],
    ['05.00', 'positive decimal'],
    ['1000000.01', 'at most 1000000.00'],
    [2_000_000, 'at most 1000000.00'],
    ['99999999999999999999999', 'at most 1000000.00'],
  ])('refuses the amount %p', (amount, message) => {
    const attempt = () => Money.of(amount, 'EUR');

    expect(attempt).toThrow(InvalidAmountError);
    expect(attempt).toThrow(message);
  });

  it('defaults to EUR', () => {
    expect(Money.of('1.00').currency).toBe('EUR');
  });

  it.each(['eur', 'EURO', 'XYZ', ''])('refuses %p, which is not an ISO 4217 code', (currency) => {
    expect(() => Money.of('1.00', currency)).toThrow(InvalidCurrencyError);
  });

  it.each(['JPY', 'BHD'])('refuses %s, whose minor unit is not two decimals', (currency) => {
    expect(() => Money.of('1.00', currency)).toThrow(`currency ${currency} is not supported`);
  });

  it('names the offending field', () => {
    expect(() => Money.of('x')).toThrow(expect.objectContaining({ field: 'totalAmount' }));
    expect(() => Money.of('1', 'xx')).toThrow(expect.objectContaining({ field: 'currency' }));
  });
});
