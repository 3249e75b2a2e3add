import type { ImportReport } from './import.types.ts';

/** The run's report as printed by the CLI, in English and Chinese. */
export function formatImportReport(report: ImportReport): string {
  const lines = [
    `Import run ${report.runId} 导入批次: ${report.kind} from ${report.source} (${report.encoding})`,
    `  rows read 读取行数:        ${report.rowsRead}`,
    `  inserted 新增:             ${report.inserted}`,
    `  updated 更新:              ${report.updated}`,
    `  unchanged 未变:            ${report.unchanged}`,
    `  quarantined 隔离:          ${report.quarantined}`,
  ];
  for (const [code, count] of Object.entries(report.byReason).sort()) lines.push(`    ${code}: ${count}`);
  if (report.ignoredColumns.length) lines.push(`  ignored columns 忽略的列: ${report.ignoredColumns.join(', ')}`);
  return lines.join('\n');
}
