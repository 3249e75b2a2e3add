// Deterministic demo data for a Chinese provincial utility (electricity and
// gas): the same options draw the same numbers in the same order, so they give
// identical rows. Rows come out in COPY text format, table by table in
// foreign-key order; big tables are generated lazily so memory stays small.
//
// What makes it realistic (issue "Foundation" §4):
// - resolution times log-normal per category, slower at some stations;
// - outage complaints peak in summer and spike in typhoons, with approved
//   severe-weather exemption filings (重要事项报备) covering the storms;
// - a complaint resolved late or followed by an unhappy survey is more likely
//   to be followed by a repeat in the same level-1 category;
// - about 70% of follow-up surveys answered, satisfaction 85–98% by station;
// - a few malicious complainants who complain every month, named in filings.

import { BusinessCalendar, resolutionTiming } from '../server/calendar/business-calendar.ts';
import type { SpecialFlag } from '../server/entities/customer-flag.entity.ts';
import type { Segment } from '../server/entities/customer.entity.ts';
import { copyRow, isoInstant } from './copy-format.ts';
import { buildCategories, type CategorySeed, type LeafProfile } from './reference/categories.ts';
import { CHANNELS } from './reference/channels.ts';
import { buildOrgUnits, type OrgUnitSeed } from './reference/org-units.ts';
import { COMPANY_PREFIXES, COMPANY_SUFFIXES, COMPANY_TRADES, GIVEN_NAME_CHARS, MOBILE_PREFIXES, SURNAMES } from './reference/people.ts';
import { Random, WeightedPicker } from './random.ts';
import { LineSpool } from './line-spool.ts';

export type DemoOptions = {
  seed: number;
  customers: number;
  months: number;
  /** Data runs up to (not including) local midnight starting this day. */
  until: string;
  /** Complaints per 10,000 customers per month, before repeats and storms. */
  complaintsPer10k: number;
};

export const DEFAULT_DEMO_OPTIONS: Omit<DemoOptions, 'until'> = {
  seed: 20240101,
  customers: 100_000,
  months: 24,
  complaintsPer10k: 60,
};

/** Column lists of the COPY statements, in the order rows are written. */
export const COPY_COLUMNS = {
  dim_org_unit: ['org_unit_id', 'code', 'parent_id', 'level', 'depth', 'path', 'name_zh', 'name_en'],
  dim_category: ['category_id', 'code', 'parent_id', 'level', 'utility', 'name_zh', 'name_en', 'sla_kind', 'sla_value'],
  dim_channel: ['channel_id', 'code', 'name_zh', 'name_en'],
  dim_customer: ['customer_id', 'account_no', 'name', 'phone', 'utility', 'segment', 'tariff_class', 'org_unit_id', 'connected_on'],
  dim_customer_flag: ['customer_id', 'flag', 'valid_from', 'valid_to'],
  fact_customer_month: ['org_unit_id', 'segment', 'month', 'active_customers'],
  exemption_filing: ['exemption_filing_id', 'filing_no', 'kind', 'coverage', 'org_unit_id', 'window_start', 'window_end', 'reason', 'status', 'filed_at', 'decided_at'],
  exemption_filing_category: ['exemption_filing_id', 'category_id'],
  fact_complaint: [
    'complaint_id', 'source_system', 'source_id', 'customer_id', 'customer_segment', 'category_id', 'channel_id', 'org_unit_id',
    'received_date', 'resolved_date', 'received_at', 'first_response_at', 'resolved_at', 'closed_at', 'status',
    'description', 'calendar_minutes_to_resolve', 'business_minutes_to_resolve', 'sla_due_at', 'sla_met',
    'reopened_count', 'escalated', 'upheld', 'resolved_at_first_contact', 'redress_amount',
  ],
  exemption_filing_complaint: ['exemption_filing_id', 'complaint_id'],
  fact_survey: [
    'survey_id', 'source_system', 'source_id', 'customer_id', 'customer_segment', 'complaint_id', 'channel_id', 'org_unit_id',
    'category_id', 'survey_date', 'surveyed_at', 'responded', 'score', 'attitude_score', 'speed_score', 'outcome_score',
  ],
} as const;

export type DemoTable = keyof typeof COPY_COLUMNS;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SEGMENTS: Segment[] = ['RESIDENTIAL', 'COMMERCIAL', 'INDUSTRIAL', 'LARGE_ACCOUNT'];
const SEGMENT_SHARES = [88, 8.5, 3, 0.5];
/** How much more often a segment complains than a household. */
const SEGMENT_COMPLAINT_FACTOR = [1, 1.6, 2, 2.5];
const GAS_CUSTOMER_SHARE = 0.15;
/** Local hour of day a complaint comes in: office hours and evenings. */
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.3, 0.3, 0.5, 1.5, 3, 6, 8, 8, 7, 5, 5, 7, 7, 7, 6, 5, 6, 6, 4, 3, 2];
const SURVEY_CHANNEL_IDS = [1, 1, 1, 1, 3]; // follow-ups: mostly hotline call-backs, some in the app
const FLAG_MALICIOUS = 1;
const FLAG_ARREARS = 2;

type Station = { unit: OrgUnitSeed; cityIndex: number; countyId: number; speed: number; satisfaction: number };
type Month = { key: string; firstDay: number; lastDay: number; monthOfYear: number };
type Storm = { firstDay: number; lastDay: number; cityIndices: number[] };
type Leaf = { category: CategorySeed; profile: LeafProfile; groupId: number };
type PendingComplaint = { customer: number; received: number; leaf: Leaf; channelId: number; slowdown: number; depth: number };
type Filing = {
  id: number; filingNo: string; kind: string; coverage: 'AREA' | 'NAMED_WORK_ORDERS'; orgUnitId: number;
  windowStart: number; windowEnd: number; reason: string; status: 'FILED' | 'APPROVED' | 'REJECTED';
  filedAt: number; decidedAt: number | null; categoryIds: number[];
};

export class DemoGenerator {
  readonly options: DemoOptions;
  readonly orgUnits = buildOrgUnits();
  readonly categories: CategorySeed[];
  private readonly calendar: BusinessCalendar;
  private readonly random: Random;
  private readonly leaves: Leaf[];
  private readonly stations: Station[];
  private readonly cityIds: number[];
  private readonly months: Month[];
  private readonly periodFirstDay: number;
  /** Day index of `until`; data stops at its midnight. */
  private readonly asOfDay: number;
  readonly asOf: number;

  // Customers, as columns (index = customer id - 1).
  private readonly customerStation: Int16Array;
  private readonly customerSegment: Uint8Array;
  private readonly customerGas: Uint8Array;
  private readonly customerConnectedDay: Int32Array;
  private readonly customerFlags: Uint8Array;
  /** Customers 0..oldCustomers-1 connected before the period; later ones in order of connection. */
  private oldCustomers = 0;
  private readonly customersByCity: number[][] = [];
  private readonly maliciousFrom = new Map<number, number>();
  private readonly flags: { customer: number; flag: SpecialFlag; from: number; to: number | null }[] = [];
  private readonly storms: Storm[] = [];
  private readonly filings: Filing[] = [];
  private readonly maliciousFilingOf = new Map<number, Filing>();
  private readonly namedComplaints: [filingId: number, complaintId: number][] = [];
  private readonly surveyRows = new LineSpool();
  private nextComplaintId = 1;
  private nextSurveyId = 1;
  private customersGenerated = false;
  private complaintsGenerated = false;

  constructor(options: DemoOptions, calendar: BusinessCalendar) {
    if (!Number.isInteger(options.customers) || options.customers < 100) throw new RangeError('customers must be a whole number of at least 100');
    if (!Number.isInteger(options.months) || options.months < 1 || options.months > 120) throw new RangeError('months must be from 1 to 120');
    if (!(options.complaintsPer10k > 0)) throw new RangeError('complaintsPer10k must be positive');
    this.options = options;
    this.calendar = calendar;
    this.random = new Random(options.seed);
    const { categories, profiles } = buildCategories();
    this.categories = categories;
    this.leaves = categories.filter((c) => c.level === 2).map((c) => ({ category: c, profile: profiles.get(c.id)!, groupId: c.parentId! }));

    this.asOfDay = calendar.indexOfDate(options.until);
    this.asOf = calendar.dayStartAt(this.asOfDay);
    this.months = this.buildMonths();
    this.periodFirstDay = this.months[0]!.firstDay;

    const cities = this.orgUnits.filter((u) => u.level === 'CITY');
    this.cityIds = cities.map((c) => c.id);
    const byId = new Map(this.orgUnits.map((u) => [u.id, u]));
    this.stations = this.orgUnits.filter((u) => u.level === 'STATION').map((unit) => {
      const county = byId.get(unit.parentId!)!;
      return {
        unit,
        countyId: county.id,
        cityIndex: this.cityIds.indexOf(county.parentId!),
        speed: this.random.logNormal(1, 0.25),
        satisfaction: this.random.between(0.89, 0.99),
      };
    });
    for (let i = 0; i < cities.length; i++) this.customersByCity.push([]);

    const n = options.customers;
    this.customerStation = new Int16Array(n);
    this.customerSegment = new Uint8Array(n);
    this.customerGas = new Uint8Array(n);
    this.customerConnectedDay = new Int32Array(n);
    this.customerFlags = new Uint8Array(n);
  }

  private buildMonths(): Month[] {
    // The period is the `months` calendar months ending with the month of the last day of data.
    const [y, m] = this.calendar.dateKeyAt(this.asOfDay - 1).split('-').map(Number) as [number, number];
    const months: Month[] = [];
    for (let k = this.options.months - 1; k >= 0; k--) {
      const first = new Date(Date.UTC(y, m - 1 - k, 1));
      const next = new Date(Date.UTC(y, m - k, 1));
      const key = first.toISOString().slice(0, 10);
      const firstDay = this.calendar.indexOfDate(key);
      const lastDay = Math.min(this.calendar.indexOfDate(next.toISOString().slice(0, 10)) - 1, this.asOfDay - 1);
      if (lastDay >= firstDay) months.push({ key, firstDay, lastDay, monthOfYear: first.getUTCMonth() + 1 });
    }
    if (months.length === 0) throw new RangeError('the period holds no whole day before `until`');
    return months;
  }

  // ---------------------------------------------------------------- dimensions

  orgUnitRows(): string[] {
    return this.orgUnits.map((u) => copyRow([u.id, u.code, u.parentId, u.level, u.depth, u.path, u.nameZh, u.nameEn]));
  }

  categoryRows(): string[] {
    return this.categories.map((c) => copyRow([c.id, c.code, c.parentId, c.level, c.utility, c.nameZh, c.nameEn, c.slaKind, c.slaValue]));
  }

  channelRows(): string[] {
    return CHANNELS.map((c) => copyRow([c.id, c.code, c.nameZh, c.nameEn]));
  }

  *customerRows(): Generator<string> {
    const n = this.options.customers;
    const stationPicker = new WeightedPicker(this.stations.map(() => this.random.logNormal(1, 0.6)));
    const segmentPicker = new WeightedPicker(SEGMENT_SHARES);
    // 96% connected before the period; the rest join during it, in order.
    this.oldCustomers = Math.round(n * 0.96);
    const periodDays = this.asOfDay - this.periodFirstDay;
    for (let i = 0; i < n; i++) {
      const station = stationPicker.pick(this.random);
      const segment = segmentPicker.pick(this.random);
      const gas = this.random.chance(GAS_CUSTOMER_SHARE) ? 1 : 0;
      const connectedDay = i < this.oldCustomers
        ? this.periodFirstDay - this.random.int(1, Math.min(this.periodFirstDay, 20 * 365))
        : this.periodFirstDay + Math.floor(((i - this.oldCustomers) / (n - this.oldCustomers)) * periodDays);
      this.customerStation[i] = station;
      this.customerSegment[i] = segment;
      this.customerGas[i] = gas;
      this.customerConnectedDay[i] = connectedDay;
      this.customersByCity[this.stations[station]!.cityIndex]!.push(i);
      const id = i + 1;
      yield copyRow([
        id,
        accountNumber(id, gas === 1),
        segment === 0 ? this.personName() : this.companyName(),
        this.mobileNumber(),
        gas ? 'GAS' : 'ELECTRICITY',
        SEGMENTS[segment],
        tariffClass(segment, gas === 1),
        this.stations[station]!.unit.id,
        this.calendar.dateKeyAt(connectedDay),
      ]);
    }
    this.customersGenerated = true;
    this.assignFlags();
    this.planFilings();
  }

  private personName(): string {
    const given = this.random.chance(0.6) ? 2 : 1;
    let name = this.random.pick(SURNAMES);
    for (let k = 0; k < given; k++) name += this.random.pick(GIVEN_NAME_CHARS);
    return name;
  }

  private companyName(): string {
    return this.random.pick(COMPANY_PREFIXES) + this.random.pick(GIVEN_NAME_CHARS) + this.random.pick(GIVEN_NAME_CHARS)
      + this.random.pick(COMPANY_TRADES) + this.random.pick(COMPANY_SUFFIXES);
  }

  private mobileNumber(): string {
    return this.random.pick(MOBILE_PREFIXES) + String(this.random.int(0, 99_999_999)).padStart(8, '0');
  }

  /** Customers active on a day: all old ones plus those connected by then. */
  private activeCustomers(day: number): number {
    const n = this.options.customers;
    let lo = this.oldCustomers;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.customerConnectedDay[mid]! <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private assignFlags(): void {
    const n = this.options.customers;
    const periodDays = this.asOfDay - this.periodFirstDay;
    // A few malicious complainants: households that complain every month.
    const maliciousCount = Math.max(3, Math.round(n / 25_000));
    while (this.maliciousFrom.size < maliciousCount) {
      const c = this.random.int(0, this.oldCustomers - 1);
      if (this.customerSegment[c] !== 0 || this.customerGas[c] || this.maliciousFrom.has(c)) continue;
      const from = Math.min(this.asOfDay - 1, this.periodFirstDay + this.random.int(20, Math.max(21, Math.floor(periodDays / 4))));
      this.maliciousFrom.set(c, from);
      this.customerFlags[c]! |= FLAG_MALICIOUS;
      this.flags.push({ customer: c, flag: 'MALICIOUS_COMPLAINANT', from, to: null });
    }
    // Arrears come and go; electricity theft stays on record.
    for (let c = 0; c < n; c++) {
      if (this.random.chance(0.02)) {
        const from = this.periodFirstDay + this.random.int(0, periodDays - 1);
        const to = from + this.random.int(30, 180);
        this.customerFlags[c]! |= FLAG_ARREARS;
        this.flags.push({ customer: c, flag: 'ARREARS', from, to: to < this.asOfDay ? to : null });
      } else if (!this.customerGas[c] && this.random.chance(0.001)) {
        this.flags.push({ customer: c, flag: 'ELECTRICITY_THEFT', from: this.periodFirstDay + this.random.int(0, periodDays - 1), to: null });
      }
    }
  }

  flagRows(): string[] {
    this.requireCustomers();
    return this.flags.map((f) => copyRow([
      f.customer + 1, f.flag, this.calendar.dateKeyAt(f.from), f.to === null ? null : this.calendar.dateKeyAt(f.to),
    ]));
  }

  /** Active customers per station × segment at each month's end (or at `until` for the current month). */
  customerMonthRows(): string[] {
    this.requireCustomers();
    const segments = SEGMENTS.length;
    const base = new Int32Array(this.stations.length * segments);
    for (let c = 0; c < this.oldCustomers; c++) base[this.customerStation[c]! * segments + this.customerSegment[c]!]!++;
    const rows: string[] = [];
    let next = this.oldCustomers;
    for (const month of this.months) {
      while (next < this.options.customers && this.customerConnectedDay[next]! <= month.lastDay) {
        base[this.customerStation[next]! * segments + this.customerSegment[next]!]!++;
        next++;
      }
      for (let s = 0; s < this.stations.length; s++) {
        for (let g = 0; g < segments; g++) {
          const count = base[s * segments + g]!;
          if (count > 0) rows.push(copyRow([this.stations[s]!.unit.id, SEGMENTS[g], month.key, count]));
        }
      }
    }
    return rows;
  }

  // ------------------------------------------------------------------ filings

  private planFilings(): void {
    const outageLeaves = this.leaves.filter((l) => l.profile.weatherDriven && l.category.utility === 'ELECTRICITY').map((l) => l.category.id);
    const leafId = (code: string) => this.leaves.find((l) => l.category.code === code)!.category.id;
    const years = [...new Set(this.months.map((m) => Number(m.key.slice(0, 4))))];
    let filingNo = 1;
    const addFiling = (f: Omit<Filing, 'id' | 'filingNo'>): Filing => {
      const year = this.calendar.localDate(f.windowStart).slice(0, 4);
      const filing = { ...f, id: filingNo, filingNo: `BB-${year}-${String(filingNo).padStart(4, '0')}` };
      filingNo++;
      this.filings.push(filing);
      return filing;
    };
    const dayStart = (day: number) => this.calendar.dayStartAt(day);
    const inPeriod = (day: number) => day >= this.periodFirstDay && day < this.asOfDay;

    for (const year of years) {
      // Typhoon season: two storms each summer, each hitting one to three cities.
      for (let s = 0; s < 2; s++) {
        const seasonStart = this.calendar.indexOfDate(`${year}-07-01`);
        const firstDay = seasonStart + this.random.int(0, 85);
        const lastDay = firstDay + this.random.int(1, 2);
        const cityCount = this.random.int(1, 3);
        const cityIndices: number[] = [];
        while (cityIndices.length < cityCount) {
          const c = this.random.int(0, this.cityIds.length - 1);
          if (!cityIndices.includes(c)) cityIndices.push(c);
        }
        if (!inPeriod(firstDay) || lastDay >= this.asOfDay) continue;
        this.storms.push({ firstDay, lastDay, cityIndices });
        for (const c of cityIndices) {
          const filed = dayStart(firstDay) + this.random.int(2, 20) * HOUR;
          addFiling({
            kind: 'SEVERE_WEATHER', coverage: 'AREA', orgUnitId: this.cityIds[c]!,
            windowStart: dayStart(firstDay), windowEnd: dayStart(lastDay + 2),
            reason: `台风过境造成大面积停电 (typhoon: widespread outages)`,
            status: 'APPROVED', filedAt: filed, decidedAt: filed + this.random.int(4, 48) * HOUR, categoryIds: outageLeaves,
          });
        }
      }
      // A payment-system upgrade each spring, filed in advance for the province.
      const upgradeDay = this.calendar.indexOfDate(`${year}-04-01`) + this.random.int(0, 20);
      if (inPeriod(upgradeDay)) {
        addFiling({
          kind: 'SYSTEM_UPGRADE', coverage: 'AREA', orgUnitId: this.orgUnits[0]!.id,
          windowStart: dayStart(upgradeDay), windowEnd: dayStart(upgradeDay + 1),
          reason: '营销系统升级，线上缴费暂停 (billing-system upgrade: online payment suspended)',
          status: 'APPROVED', filedAt: dayStart(upgradeDay - 7), decidedAt: dayStart(upgradeDay - 5), categoryIds: [leafId('E0601')],
        });
      }
    }
    // A government-ordered outage in one county, a rejected claim and one awaiting approval.
    const counties = this.orgUnits.filter((u) => u.level === 'COUNTY');
    const govDay = this.periodFirstDay + this.random.int(30, Math.max(31, this.asOfDay - this.periodFirstDay - 30));
    if (inPeriod(govDay) && inPeriod(govDay + 1)) {
      addFiling({
        kind: 'GOVERNMENT_ORDERED_OUTAGE', coverage: 'AREA', orgUnitId: this.random.pick(counties).id,
        windowStart: dayStart(govDay), windowEnd: dayStart(govDay + 2),
        reason: '政府要求配合道路改造停电 (outage ordered for road works)',
        status: 'APPROVED', filedAt: dayStart(govDay - 3), decidedAt: dayStart(govDay - 1),
        categoryIds: [leafId('E0401'), leafId('E0402'), leafId('E0404')],
      });
    }
    const rejectedDay = this.periodFirstDay + this.random.int(0, Math.max(1, this.asOfDay - this.periodFirstDay - 40));
    addFiling({
      kind: 'CLAIM_BEYOND_REGULATION', coverage: 'AREA', orgUnitId: this.random.pick(counties).id,
      windowStart: dayStart(rejectedDay), windowEnd: dayStart(rejectedDay + 30),
      reason: '客户诉求超出供电服务规范 (claims beyond the service regulation)',
      status: 'REJECTED', filedAt: dayStart(rejectedDay + 1), decidedAt: dayStart(rejectedDay + 3), categoryIds: [],
    });
    const pendingDay = Math.max(this.periodFirstDay, this.asOfDay - 3);
    addFiling({
      kind: 'SEVERE_WEATHER', coverage: 'AREA', orgUnitId: this.random.pick(counties).id,
      windowStart: dayStart(pendingDay), windowEnd: dayStart(this.asOfDay),
      reason: '强对流天气导致线路跳闸 (thunderstorms tripping lines)',
      status: 'FILED', filedAt: dayStart(pendingDay) + 10 * HOUR, decidedAt: null, categoryIds: outageLeaves,
    });
    // Each malicious complainant: one approved filing that names their work orders.
    for (const [customer, from] of this.maliciousFrom) {
      const filing = addFiling({
        kind: 'MALICIOUS_COMPLAINANT', coverage: 'NAMED_WORK_ORDERS',
        orgUnitId: this.stations[this.customerStation[customer]!]!.unit.id,
        windowStart: dayStart(from), windowEnd: this.asOf,
        reason: '恶意投诉客户，诉求反复且无合理依据 (repeated complaints without grounds)',
        status: 'APPROVED', filedAt: dayStart(from), decidedAt: dayStart(from) + 2 * DAY, categoryIds: [],
      });
      this.maliciousFilingOf.set(customer, filing);
    }
  }

  filingRows(): string[] {
    this.requireCustomers();
    return this.filings.map((f) => copyRow([
      f.id, f.filingNo, f.kind, f.coverage, f.orgUnitId, isoInstant(f.windowStart), isoInstant(f.windowEnd),
      f.reason, f.status, isoInstant(f.filedAt), isoInstant(f.decidedAt),
    ]));
  }

  filingCategoryRows(): string[] {
    this.requireCustomers();
    return this.filings.flatMap((f) => f.categoryIds.map((c) => copyRow([f.id, c])));
  }

  // --------------------------------------------------------------- complaints

  *complaintRows(): Generator<string> {
    this.requireCustomers();
    const utilityLeaves = [this.leaves.filter((l) => l.category.utility === 'ELECTRICITY'), this.leaves.filter((l) => l.category.utility === 'GAS')];
    const channelPicker = new WeightedPicker(CHANNELS.map((c) => c.complaintWeight));
    const hourPicker = new WeightedPicker(HOUR_WEIGHTS);
    const acceptMax = Math.max(...SEGMENT_COMPLAINT_FACTOR) * 2;

    for (const month of this.months) {
      const active = this.activeCustomers(month.lastDay);
      const days = month.lastDay - month.firstDay + 1;
      const pickers = utilityLeaves.map((leaves) => new WeightedPicker(leaves.map((l) => l.profile.weight * seasonFactor(l, month.monthOfYear))));
      const count = this.random.poisson(active * (this.options.complaintsPer10k / 10_000) * (days / 30.4));
      for (let k = 0; k < count; k++) {
        // Busier segments and customers in arrears complain more often.
        let customer: number;
        do {
          customer = this.random.int(0, active - 1);
        } while (!this.random.chance(SEGMENT_COMPLAINT_FACTOR[this.customerSegment[customer]!]! * (this.customerFlags[customer]! & FLAG_ARREARS ? 2 : 1) / acceptMax));
        const gas = this.customerGas[customer]!;
        const leaf = utilityLeaves[gas]![pickers[gas]!.pick(this.random)]!;
        const day = month.firstDay + this.random.int(0, days - 1);
        const received = this.calendar.dayStartAt(day) + hourPicker.pick(this.random) * HOUR + this.random.int(0, 3599) * 1000;
        yield* this.complaintWithFollowUps({ customer, received, leaf, channelId: CHANNELS[channelPicker.pick(this.random)]!.id, slowdown: 1, depth: 0 });
      }
      yield* this.eventComplaints(month, utilityLeaves[0]!);
      yield* this.maliciousComplaints(month);
      this.generalSurveys(month, active);
    }
    this.complaintsGenerated = true;
  }

  /** Storm, system-upgrade and ordered-outage spikes in the month. */
  private *eventComplaints(month: Month, electricityLeaves: Leaf[]): Generator<string> {
    const outage = ['E0401', 'E0402', 'E0403'].map((code) => electricityLeaves.find((l) => l.category.code === code)!);
    const outagePicker = new WeightedPicker([70, 20, 10]);
    for (const storm of this.storms) {
      if (storm.firstDay > month.lastDay || storm.firstDay < month.firstDay) continue;
      for (const city of storm.cityIndices) {
        const customers = this.customersByCity[city]!;
        const days = storm.lastDay - storm.firstDay + 1;
        const count = this.random.poisson(customers.length * 0.004 * days);
        for (let k = 0; k < count; k++) {
          const customer = customers[this.random.int(0, customers.length - 1)]!;
          if (this.customerGas[customer] || this.customerConnectedDay[customer]! > storm.firstDay) continue;
          const day = storm.firstDay + this.random.int(0, days - 1);
          yield* this.complaintWithFollowUps({
            customer, received: this.calendar.dayStartAt(day) + this.random.int(0, DAY / 1000 - 1) * 1000,
            leaf: outage[outagePicker.pick(this.random)]!, channelId: this.random.chance(0.8) ? 1 : 3, slowdown: 2.5, depth: 0,
          });
        }
      }
    }
    const paymentLeaf = electricityLeaves.find((l) => l.category.code === 'E0601')!;
    for (const filing of this.filings) {
      if (filing.status !== 'APPROVED' || filing.coverage !== 'AREA' || filing.kind === 'SEVERE_WEATHER') continue;
      const day = this.calendar.indexOfDate(this.calendar.localDate(filing.windowStart));
      if (day < month.firstDay || day > month.lastDay) continue;
      const unit = this.orgUnits.find((u) => u.id === filing.orgUnitId)!;
      const active = this.activeCustomers(day);
      const count = this.random.poisson(active * (filing.kind === 'SYSTEM_UPGRADE' ? 0.0008 : 0.0002));
      for (let k = 0; k < count; k++) {
        const customer = this.random.int(0, active - 1);
        if (this.customerGas[customer] || !this.stations[this.customerStation[customer]!]!.unit.path.startsWith(unit.path)) continue;
        const leaf = filing.kind === 'SYSTEM_UPGRADE' ? paymentLeaf : outage[0]!;
        const received = filing.windowStart + this.random.int(0, (filing.windowEnd - filing.windowStart) / 1000 - 1) * 1000;
        yield* this.complaintWithFollowUps({ customer, received, leaf, channelId: this.random.chance(0.6) ? 3 : 1, slowdown: 1.5, depth: 0 });
      }
    }
  }

  private *maliciousComplaints(month: Month): Generator<string> {
    const conduct = this.leaves.filter((l) => ['E01', 'E02'].includes(this.categories.find((c) => c.id === l.groupId)!.code));
    const channels = [1, 1, 5, 6, 7];
    for (const customer of this.maliciousFrom.keys()) {
      const count = this.random.poisson(1.5);
      for (let k = 0; k < count; k++) {
        const day = month.firstDay + this.random.int(0, month.lastDay - month.firstDay);
        yield* this.complaintWithFollowUps({
          customer, received: this.calendar.dayStartAt(day) + this.random.int(8 * 3600, 22 * 3600) * 1000,
          leaf: this.random.pick(conduct), channelId: this.random.pick(channels), slowdown: 1, depth: 0,
        });
      }
    }
  }

  /** A complaint, its follow-up surveys, and the repeats it provokes. */
  private *complaintWithFollowUps(first: PendingComplaint): Generator<string> {
    const pending = [first];
    while (pending.length > 0) {
      const next = pending.pop()!;
      yield this.complaint(next, pending);
    }
  }

  private complaint(p: PendingComplaint, pending: PendingComplaint[]): string {
    const r = this.random;
    const id = this.nextComplaintId++;
    const { leaf, customer, received, channelId } = p;
    const station = this.stations[this.customerStation[customer]!]!;
    const sla = { kind: leaf.category.slaKind!, value: leaf.category.slaValue! };
    const malicious = this.isMaliciousOn(customer, received);

    const hoursToResolve = Math.max(0.1, r.logNormal(leaf.profile.medianHours * station.speed * p.slowdown, leaf.profile.sigma));
    const resolvedCandidate = received + Math.round(hoursToResolve * 3600) * 1000;
    const resolved = resolvedCandidate < this.asOf ? resolvedCandidate : null;
    const timing = resolutionTiming(this.calendar, received, resolved, sla);
    const late = timing.slaMet === false || (resolved === null && timing.slaDueAt < this.asOf);

    let firstResponse: number | null = received + Math.round(Math.min(r.logNormal(1.5, 0.8), hoursToResolve * 0.5) * 3600) * 1000;
    if (firstResponse >= this.asOf) firstResponse = null;
    let status: string;
    let closed: number | null = null;
    let reopenedCount = 0;
    if (resolved !== null) {
      if (r.chance(0.03 + (late ? 0.05 : 0))) reopenedCount = r.chance(0.8) ? 1 : 2;
      const closing = resolved + r.int(2 * 3600, 96 * 3600) * 1000;
      if (closing < this.asOf) closed = closing;
      status = closed === null ? 'RESOLVED' : 'CLOSED';
    } else if (r.chance(0.03)) {
      reopenedCount = 1;
      firstResponse ??= Math.min(received + HOUR, this.asOf - 1000);
      status = 'REOPENED';
    } else {
      status = firstResponse !== null ? 'RESPONDED' : this.asOf - received > HOUR ? 'ASSIGNED' : 'RECEIVED';
    }
    const regulatorChannel = channelId === 5 || channelId === 6;
    const escalated = regulatorChannel || r.chance(0.015 + (late ? 0.05 : 0) + (malicious ? 0.2 : 0));
    const upheld = resolved !== null && r.chance(leaf.profile.upheldShare * (malicious ? 0.2 : 1));
    // Settled during the customer's own call or visit: quick, and at a counter or on the phone.
    const firstContact = resolved !== null && hoursToResolve < 4 && (channelId === 1 || channelId === 3 || channelId === 4) && r.chance(0.6);
    const groupCode = leaf.category.code.slice(0, 3);
    const redressable = leaf.profile.weatherDriven || ['E02', 'E03', 'G01'].includes(groupCode);
    const redress = upheld && redressable && r.chance(0.2) ? Math.min(50_000, Math.round(r.logNormal(180, 1) * 100) / 100) : 0;

    const sourceSystem = channelId === 4 ? 'HALL_POS' : regulatorChannel ? 'REGULATOR_PORTAL' : 'CRM_95598';
    const row = copyRow([
      id, sourceSystem, `WO${timing.receivedDate.replaceAll('-', '')}${String(id).padStart(8, '0')}`,
      customer + 1, SEGMENTS[this.customerSegment[customer]!], leaf.category.id, channelId, station.unit.id,
      timing.receivedDate, timing.resolvedDate, isoInstant(received), isoInstant(firstResponse), isoInstant(resolved), isoInstant(closed),
      status, r.pick(leaf.profile.descriptions), timing.calendarMinutesToResolve, timing.businessMinutesToResolve,
      isoInstant(timing.slaDueAt), timing.slaMet, reopenedCount, escalated, upheld, firstContact, redress.toFixed(2),
    ]);

    if (malicious) this.namedComplaints.push([this.maliciousFilingOf.get(customer)!.id, id]);
    const dissatisfied = resolved !== null && this.followUpSurveys(id, customer, leaf, station, resolved, late, reopenedCount > 0, upheld, malicious);

    // Slow or unsatisfying handling brings the customer back (a repeat when within 30 days).
    const returnChance = 0.04 + (late ? 0.1 : 0) + (dissatisfied ? 0.18 : 0) + (malicious ? 0.15 : 0);
    if (p.depth < 6 && r.chance(returnChance)) {
      const again = (resolved ?? received) + Math.round(r.logNormal(7, 0.9) * DAY / 1000) * 1000;
      if (again < this.asOf && again > received) {
        const sameGroup = this.leaves.filter((l) => l.groupId === leaf.groupId);
        pending.push({
          customer, received: again, leaf: r.pick(sameGroup),
          channelId: r.chance(0.15) ? 5 : channelId, slowdown: 1, depth: p.depth + 1,
        });
      }
    }
    return row;
  }

  private isMaliciousOn(customer: number, instant: number): boolean {
    const from = this.maliciousFrom.get(customer);
    return from !== undefined && instant >= this.calendar.dayStartAt(from);
  }

  /** Follow-up (回访) attempts after a resolution; returns whether the customer was dissatisfied. */
  private followUpSurveys(
    complaintId: number, customer: number, leaf: Leaf, station: Station, resolved: number,
    late: boolean, reopened: boolean, upheld: boolean, malicious: boolean,
  ): boolean {
    const r = this.random;
    let attempt = resolved + r.int(4 * 3600, 72 * 3600) * 1000;
    for (let tries = 0; tries < 2 && attempt < this.asOf; tries++) {
      const responded = r.chance(tries === 0 ? 0.72 : 0.5);
      const satisfiedChance = station.satisfaction - (late ? 0.06 : 0) - (reopened ? 0.06 : 0) - (malicious ? 0.6 : 0);
      const score = responded ? drawScore(r, satisfiedChance) : null;
      this.survey(customer, complaintId, station, leaf.category.id, attempt, score, late, upheld);
      if (responded) return score! <= 3;
      if (!r.chance(0.4)) break;
      attempt += r.int(20 * 3600, 48 * 3600) * 1000;
    }
    return false;
  }

  /** Satisfaction surveys of customers without a complaint (a small monthly sample). */
  private generalSurveys(month: Month, active: number): void {
    const count = this.random.poisson(active * 0.0015 * ((month.lastDay - month.firstDay + 1) / 30.4));
    for (let k = 0; k < count; k++) {
      const customer = this.random.int(0, active - 1);
      const station = this.stations[this.customerStation[customer]!]!;
      const day = month.firstDay + this.random.int(0, month.lastDay - month.firstDay);
      const at = this.calendar.dayStartAt(day) + this.random.int(9 * 3600, 20 * 3600) * 1000;
      const score = this.random.chance(0.65) ? drawScore(this.random, Math.min(0.995, station.satisfaction + 0.03)) : null;
      this.survey(customer, null, station, null, at, score, false, true);
    }
  }

  private survey(
    customer: number, complaintId: number | null, station: Station, categoryId: number | null,
    at: number, score: number | null, late: boolean, upheld: boolean,
  ): void {
    const r = this.random;
    const id = this.nextSurveyId++;
    const sub = (bias: number) => (score !== null && r.chance(0.92) ? clampScore(Math.round(score + bias + r.normal() * 0.6)) : null);
    this.surveyRows.push(copyRow([
      id, 'CRM_95598', `HF${String(id).padStart(10, '0')}`, customer + 1, SEGMENTS[this.customerSegment[customer]!], complaintId, r.pick(SURVEY_CHANNEL_IDS),
      station.unit.id, categoryId, this.calendar.localDate(at), isoInstant(at), score !== null, score,
      sub(0.3), sub(late ? -1 : 0), sub(upheld ? 0 : -0.5),
    ]));
  }

  namedComplaintRows(): string[] {
    this.requireComplaints();
    return this.namedComplaints.map(([filing, complaint]) => copyRow([filing, complaint]));
  }

  /** The surveys drawn with the complaints (spilled to a temporary file when large: call discard() when done). */
  surveyRowsAll(): LineSpool {
    this.requireComplaints();
    return this.surveyRows;
  }

  /** Removes what the generator spilled to disk. */
  discard(): void {
    this.surveyRows.discard();
  }

  private requireCustomers(): void {
    if (!this.customersGenerated) throw new Error('generate customers first (customerRows)');
  }

  private requireComplaints(): void {
    if (!this.complaintsGenerated) throw new Error('generate complaints first (complaintRows)');
  }
}

function seasonFactor(leaf: Leaf, monthOfYear: number): number {
  if (leaf.profile.weatherDriven) return [1.1, 1, 1, 1, 1.2, 1.6, 2.2, 2.3, 1.5, 1, 1, 1.1][monthOfYear - 1]!;
  if (leaf.category.utility === 'GAS' && leaf.category.code.startsWith('G01')) return [1.6, 1.5, 1.2, 1, 0.8, 0.7, 0.7, 0.7, 0.8, 1, 1.2, 1.5][monthOfYear - 1]!;
  // Fewer complaints in the Spring Festival month.
  return monthOfYear === 2 ? 0.8 : 1;
}

function drawScore(r: Random, satisfiedChance: number): number {
  if (r.chance(Math.min(0.995, Math.max(0.02, satisfiedChance)))) return r.chance(0.7) ? 5 : 4;
  const u = r.next();
  return u < 0.5 ? 3 : u < 0.8 ? 2 : 1;
}

function clampScore(value: number): number {
  return Math.min(5, Math.max(1, value));
}

/** 10-digit account numbers, unique per customer id (an affine bijection mod 10^10). */
function accountNumber(id: number, gas: boolean): string {
  const scrambled = (BigInt(id) * 7_919_000_003n + 1_234_567n) % 10_000_000_000n;
  return (gas ? '58' : '33') + scrambled.toString().padStart(10, '0');
}

function tariffClass(segment: number, gas: boolean): string {
  if (gas) return ['GAS_RESIDENTIAL', 'GAS_COMMERCIAL', 'GAS_INDUSTRIAL', 'GAS_INDUSTRIAL'][segment]!;
  return ['RESIDENTIAL_TIERED', 'GENERAL_COMMERCIAL', 'LARGE_INDUSTRIAL', 'LARGE_INDUSTRIAL_TOU'][segment]!;
}
