/**
 * Revenue as a whole number of hundredths (cents), in a bigint: `OrderCreated` carries amounts as decimal
 * strings with exactly two decimals, so sums stay exact at any size, never float arithmetic.
 */
export type Cents = bigint;

const TWO_DECIMALS = /^(0|[1-9][0-9]*)\.([0-9]{2})$/;

/** "1234.50" → 123450n. The contract guarantees the form; anything else is a bug upstream. */
export function centsOf(amount: string): Cents {
  const match = TWO_DECIMALS.exec(amount);
  if (!match) throw new RangeError(`not an amount with two decimals: ${amount}`);
  return BigInt(match[1]!) * 100n + BigInt(match[2]!);
}

/** 123450n → "1234.50", the contract's form. */
export function formatCents(cents: Cents): string {
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}
