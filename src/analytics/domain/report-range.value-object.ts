import { InvalidReportRangeError } from './analytics.errors';

/** A year and a day: a whole leap year fits, anything longer is refused. */
export const MAX_REPORT_DAYS = 366;

const DAY = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const MS_PER_DAY = 86_400_000;

/** A range of whole UTC days, both ends included, at most 366 days long. */
export class ReportRange {
  private constructor(
    readonly from: string,
    readonly to: string,
  ) {}

  /** @throws InvalidReportRangeError naming `from` or `to` */
  static of(from: string | undefined, to: string | undefined): ReportRange {
    const start = dayNumber(from, 'from');
    const end = dayNumber(to, 'to');
    if (start > end) throw new InvalidReportRangeError(`from (${from}) is after to (${to})`, 'from');
    if (end - start + 1 > MAX_REPORT_DAYS) {
      throw new InvalidReportRangeError(`a report covers at most ${MAX_REPORT_DAYS} days`, 'to');
    }
    return new ReportRange(from!, to!);
  }

  /** The months (YYYY-MM) the range touches, in order. */
  months(): string[] {
    const months: string[] = [];
    for (let month = this.from.slice(0, 7); month <= this.to.slice(0, 7); month = nextMonth(month)) {
      months.push(month);
    }
    return months;
  }
}

/** Days since 1970-01-01 of a YYYY-MM-DD that names a real calendar day. */
function dayNumber(value: string | undefined, field: 'from' | 'to'): number {
  if (value === undefined || value === '') throw new InvalidReportRangeError(`${field} is required`, field);
  const match = DAY.exec(value);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  // Date.UTC rolls 2026-02-30 over to March 2: only a day that survives the round trip is real.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new InvalidReportRangeError(`${field} must be a calendar day as YYYY-MM-DD`, field);
  }
  return ms / MS_PER_DAY;
}

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}
