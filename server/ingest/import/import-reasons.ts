import type { Reason } from './import.types.ts';

/** Why a row was quarantined; each code has one English and one Chinese message. */
export const REASON_CODES = [
  'MISSING_REQUIRED', 'INVALID_FORMAT', 'NOT_ALLOWED', 'UNKNOWN_CODE', 'OUT_OF_RANGE', 'TIME_ORDER',
  'FUTURE_DATE', 'OUTSIDE_CALENDAR', 'STATUS_MISMATCH', 'OUT_OF_SCOPE', 'COLUMN_COUNT', 'CUSTOMER_MISMATCH',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

const MESSAGES: Record<ReasonCode, { en: (field: string, detail: string) => string; zh: (field: string, detail: string) => string }> = {
  MISSING_REQUIRED: { en: (f) => `${f} is required`, zh: (f) => `${f} 为必填项` },
  INVALID_FORMAT: { en: (f, d) => `${f}: ${d}`, zh: (f, d) => `${f} 格式错误：${d}` },
  NOT_ALLOWED: { en: (f, d) => `${f}: ${d}`, zh: (f, d) => `${f} 取值不允许：${d}` },
  UNKNOWN_CODE: { en: (f, d) => `${f}: ${d}`, zh: (f, d) => `${f} 代码不存在：${d}` },
  OUT_OF_RANGE: { en: (f, d) => `${f}: ${d}`, zh: (f, d) => `${f} 超出范围：${d}` },
  TIME_ORDER: { en: (f, d) => `${f}: ${d}`, zh: (f, d) => `${f} 时间顺序错误：${d}` },
  FUTURE_DATE: { en: (f, d) => `${f} is in the future: ${d}`, zh: (f, d) => `${f} 是未来时间：${d}` },
  OUTSIDE_CALENDAR: { en: (f, d) => `${f}: ${d}`, zh: (f, d) => `${f} 超出业务日历范围：${d}` },
  STATUS_MISMATCH: { en: (f, d) => `${f}: ${d}`, zh: (f, d) => `${f} 与时间字段不一致：${d}` },
  OUT_OF_SCOPE: { en: (f, d) => `${f}: ${d}`, zh: (f, d) => `${f} 不在您的管辖范围内：${d}` },
  COLUMN_COUNT: { en: (_f, d) => d, zh: (_f, d) => `列数与表头不一致：${d}` },
  CUSTOMER_MISMATCH: { en: (f, d) => `${f}: ${d}`, zh: (f, d) => `${f} 与工单的客户不一致：${d}` },
};

export function reason(code: ReasonCode, field: string | null, detail = ''): Reason {
  const m = MESSAGES[code];
  return { field, code, message: m.en(field ?? 'row', detail), messageZh: m.zh(field ?? '行', detail) };
}
