import { createRequire } from 'node:module';

// China's public holidays and make-up working days (调休) as published by the
// State Council each year, from the maintained `chinese-days` package. A year
// appears only once its arrangement is published, so later years are marked
// unofficial and know weekends only until the package is updated.
type ChineseDaysData = {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  inLieuDays: Record<string, string>;
};

const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDaysData;

export type HolidayInfo = { nameEn: string; nameZh: string };

function parseName(raw: string): HolidayInfo {
  // Stored as "National Day,国庆节,3" (English, Chinese, days in the block).
  const [nameEn = raw, nameZh = raw] = raw.split(',');
  return { nameEn, nameZh };
}

export const officialHolidayYears: ReadonlySet<number> = new Set(
  Object.keys(data.holidays).map((day) => Number(day.slice(0, 4))),
);

export function publicHoliday(isoDate: string): HolidayInfo | undefined {
  const raw = data.holidays[isoDate];
  return raw === undefined ? undefined : parseName(raw);
}

/** A weekend day worked in exchange for a longer holiday block. */
export function makeupWorkday(isoDate: string): HolidayInfo | undefined {
  const raw = data.workdays[isoDate];
  return raw === undefined ? undefined : parseName(raw);
}
