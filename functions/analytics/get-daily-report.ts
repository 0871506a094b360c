import { getDailyReport } from '../../src/analytics/analytics.container';
import type { GetDailyReportUseCase } from '../../src/analytics/application/use-cases/get-daily-report.use-case';
import { createLogger, type Logger } from '../../src/shared/logger';
import { httpHandler } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { totalsBody } from './totals-body';

/** GET /api/analytics/daily?from=YYYY-MM-DD&to=YYYY-MM-DD → orders and revenue per UTC day and currency. */
export function dailyReportHandler(useCase: () => Pick<GetDailyReportUseCase, 'execute'>, logger: Logger) {
  return httpHandler(logger).handler(async (event) => {
    const query = event.queryStringParameters ?? {};
    const report = await useCase().execute(query.from, query.to);
    return json(200, {
      from: report.from,
      to: report.to,
      days: report.days.map((day) => ({ date: day.day, ...totalsBody(day) })),
      totals: report.totals.map(totalsBody),
    });
  });
}

export const handler = dailyReportHandler(
  getDailyReport,
  createLogger('analytics-service', 'get-daily-report'),
);
