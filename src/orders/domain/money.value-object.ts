import { InvalidAmountError, InvalidCurrencyError } from './order.errors';

/** The currency of an order that does not name one. */
export const DEFAULT_CURRENCY = 'EUR';
/** 1,000,000.00: far above any real basket, low enough that a typo or an attack cannot pass as an order. */
export const MAX_AMOUNT_CENTS = 100_000_000;

const DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]{1,2})?$/;
const ISO_4217 = new Set(Intl.supportedValuesOf('currency'));

/**
 * An amount of money held as whole cents: parsed from its decimal text, never through float arithmetic,
 * so "0.10" + "0.20" can never become 0.30000000000000004.
 */
export class Money {
  private constructor(
    readonly cents: number,
    readonly currency: string,
  ) {}

  /**
   * `amount` is a decimal string ("99.99") or a JSON number (99.99) with at most two decimals, > 0 and
   * at most 1,000,000.00; `currency` an ISO 4217 code with two minor digits (EUR, USD, GBP, …).
   * @throws InvalidAmountError, InvalidCurrencyError
   */
  static of(amount: string | number, currency: string = DEFAULT_CURRENCY): Money {
    return new Money(parseCents(amount), parseCurrency(currency));
  }

  /** The amount as a decimal string with exactly two decimals: "99.99", "5.00". */
  get amount(): string {
    const whole = Math.floor(this.cents / 100);
    return `${whole}.${String(this.cents % 100).padStart(2, '0')}`;
  }
}

function parseCents(amount: string | number): number {
  // A JSON number reaches us as a double; its shortest decimal form is what the client wrote for any
  // value with two decimals in our range, and anything else fails the pattern below.
  const text = typeof amount === 'number' ? (Number.isFinite(amount) ? String(amount) : '') : amount;
  const match = DECIMAL.exec(text);
  if (!match) {
    throw new InvalidAmountError(
      'totalAmount must be a positive decimal with at most 2 decimals, like 99.99',
      'totalAmount',
    );
  }
  const [, whole, fraction = ''] = match;
  const cents = Number(whole) * 100 + Number(fraction.slice(1).padEnd(2, '0'));
  if (cents <= 0) throw new InvalidAmountError('totalAmount must be greater than 0', 'totalAmount');
  if (!Number.isSafeInteger(cents) || cents > MAX_AMOUNT_CENTS) {
    throw new InvalidAmountError('totalAmount must be at most 1000000.00', 'totalAmount');
  }
  return cents;
}

function parseCurrency(currency: string): string {
  if (!/^[A-Z]{3}$/.test(currency) || !ISO_4217.has(currency)) {
    throw new InvalidCurrencyError('currency must be an ISO 4217 code in upper case, like EUR', 'currency');
  }
  const { maximumFractionDigits } = new Intl.NumberFormat('en', {
    style: 'currency',
    currency,
  }).resolvedOptions();
  if (maximumFractionDigits !== 2) {
    throw new InvalidCurrencyError(
      `currency ${currency} is not supported: amounts are kept with two decimals`,
      'currency',
    );
  }
  return currency;
}
