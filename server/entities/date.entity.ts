import { Column, Entity, PrimaryColumn } from 'typeorm';

/** dim_date: one row per local calendar day, with China's holidays and make-up working days. */
@Entity({ name: 'dim_date' })
export class DateEntity {
  @PrimaryColumn({ name: 'date_key', type: 'date' }) dateKey: string;
  @Column({ type: 'smallint' }) year: number;
  @Column({ type: 'smallint' }) quarter: number;
  @Column({ type: 'smallint' }) month: number;
  @Column({ name: 'day_of_month', type: 'smallint' }) dayOfMonth: number;
  @Column({ name: 'iso_year', type: 'smallint' }) isoYear: number;
  @Column({ name: 'iso_week', type: 'smallint' }) isoWeek: number;
  @Column({ name: 'iso_weekday', type: 'smallint' }) isoWeekday: number;
  @Column({ name: 'is_weekend', type: 'boolean' }) isWeekend: boolean;
  @Column({ name: 'is_public_holiday', type: 'boolean' }) isPublicHoliday: boolean;
  @Column({ name: 'is_makeup_workday', type: 'boolean' }) isMakeupWorkday: boolean;
  @Column({ name: 'is_business_day', type: 'boolean' }) isBusinessDay: boolean;
  @Column({ name: 'holiday_name_zh', type: 'text', nullable: true }) holidayNameZh: string | null;
  @Column({ name: 'holiday_name_en', type: 'text', nullable: true }) holidayNameEn: string | null;
  @Column({ name: 'is_official_calendar', type: 'boolean' }) isOfficialCalendar: boolean;
}
