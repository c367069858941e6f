import type { FanOutReport } from '@stoflow/core';

/** Prints the per-tenant outcome; answers false when any tenant failed or was not reached. */
export function printFanOutReport(report: FanOutReport): boolean {
  const lines = [
    `tenants: ${report.total} · migrated ${report.migrated.length} · up to date ${report.upToDate.length}` +
      (report.wouldMigrate.length ? ` · would migrate ${report.wouldMigrate.length}` : '') +
      ` · failed ${report.failed.length}` +
      (report.notReached.length ? ` · not reached ${report.notReached.length}` : ''),
    ...report.failed.map((f) => `  failed user_${f.tenantId}: ${f.error}`),
    ...(report.notReached.length
      ? [`  not reached: ${report.notReached.join(', ')} (run again with --from ${report.notReached[0]})`]
      : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return report.failed.length === 0 && report.notReached.length === 0;
}
