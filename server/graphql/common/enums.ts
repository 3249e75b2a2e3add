import { registerEnumType } from 'type-graphql';
import { SLA_KINDS, UTILITIES } from '../../entities/category.entity.ts';
import { CHANNEL_CODES } from '../../entities/channel.entity.ts';
import { COMPLAINT_STATUSES } from '../../entities/complaint.entity.ts';
import { SPECIAL_FLAGS } from '../../entities/customer-flag.entity.ts';
import { SEGMENTS } from '../../entities/customer.entity.ts';
import { EXEMPTION_COVERAGES, EXEMPTION_KINDS, EXEMPTION_STATUSES } from '../../entities/exemption-filing.entity.ts';
import { ORG_UNIT_LEVELS } from '../../entities/org-unit.entity.ts';

// GraphQL enums over the schema's fixed value sets (the CHECK constraints'
// lists live beside the entities), each value described for analysts.

export function enumOf<const T extends readonly string[]>(values: T): { [K in T[number]]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T[number]]: K };
}

export const ComplaintStatus = enumOf(COMPLAINT_STATUSES);
registerEnumType(ComplaintStatus, {
  name: 'ComplaintStatus',
  description: 'Where a work order is in its lifecycle: received → assigned → responded → resolved → closed, or reopened.',
  valuesConfig: {
    RECEIVED: { description: 'Logged, not yet assigned to a handler.' },
    ASSIGNED: { description: 'Assigned to a station or handler.' },
    RESPONDED: { description: 'The customer has had a first response.' },
    RESOLVED: { description: 'Resolved; awaiting closure (e.g. after the follow-up call).' },
    CLOSED: { description: 'Resolved and closed.' },
    REOPENED: { description: 'Reopened after a resolution; open again until resolved anew.' },
  },
});

export const Segment = enumOf(SEGMENTS);
registerEnumType(Segment, {
  name: 'Segment',
  description: 'Customer segment.',
  valuesConfig: {
    RESIDENTIAL: { description: 'Households (居民).' },
    COMMERCIAL: { description: 'Shops and offices (一般工商业).' },
    INDUSTRIAL: { description: 'Factories (大工业).' },
    LARGE_ACCOUNT: { description: 'Key accounts with an account manager (大客户).' },
  },
});

export const SpecialFlag = enumOf(SPECIAL_FLAGS);
registerEnumType(SpecialFlag, {
  name: 'SpecialFlag',
  description: 'Special-customer flags, each valid over a period.',
  valuesConfig: {
    MALICIOUS_COMPLAINANT: { description: 'Files repeated complaints without grounds (恶意投诉).' },
    ELECTRICITY_THEFT: { description: 'Found stealing electricity (窃电).' },
    ARREARS: { description: 'Behind with payments (欠费).' },
  },
});

export const ChannelCode = enumOf(CHANNEL_CODES);
registerEnumType(ChannelCode, {
  name: 'ChannelCode',
  description: 'Where a complaint or survey came in.',
  valuesConfig: {
    HOTLINE_95598: { description: 'The 95598 customer-service hotline.' },
    ONLINE_HALL: { description: 'The online service hall (website).' },
    MOBILE_APP: { description: 'The mobile app.' },
    SERVICE_HALL: { description: 'A physical service hall (营业厅).' },
    REGULATOR_12398: { description: 'Referred by the energy regulator’s 12398 hotline.' },
    LETTERS_AND_VISITS: { description: 'Letters and visits (信访).' },
    SOCIAL_MEDIA: { description: 'Social media.' },
  },
});

export const OrgUnitLevel = enumOf(ORG_UNIT_LEVELS);
registerEnumType(OrgUnitLevel, {
  name: 'OrgUnitLevel',
  description: 'Level of an org unit in the tree province › city › county › service station.',
});

export const Utility = enumOf(UTILITIES);
registerEnumType(Utility, { name: 'Utility', description: 'Electricity or gas.' });

export const SlaKind = enumOf(SLA_KINDS);
registerEnumType(SlaKind, {
  name: 'SlaKind',
  description: 'How a category’s SLA target is counted.',
  valuesConfig: {
    BUSINESS_DAYS: { description: 'N business days: met when business time from received to resolved is at most N × 24 h.' },
    CALENDAR_HOURS: { description: 'H calendar hours (urgent repairs): met when resolved − received is at most H hours.' },
  },
});

export const ExemptionKind = enumOf(EXEMPTION_KINDS);
registerEnumType(ExemptionKind, { name: 'ExemptionKind', description: 'Why an exemption filing (重要事项报备) was made.' });

export const ExemptionStatus = enumOf(EXEMPTION_STATUSES);
registerEnumType(ExemptionStatus, { name: 'ExemptionStatus', description: 'An exemption filing covers complaints only once APPROVED.' });

export const ExemptionCoverage = enumOf(EXEMPTION_COVERAGES);
registerEnumType(ExemptionCoverage, {
  name: 'ExemptionCoverage',
  description: 'What an exemption filing covers.',
  valuesConfig: {
    AREA: { description: 'Complaints received in its org-unit subtree and time window (and categories, when named).' },
    NAMED_WORK_ORDERS: { description: 'Exactly the work orders it names.' },
  },
});

export const SortDirection = enumOf(['ASC', 'DESC'] as const);
registerEnumType(SortDirection, { name: 'SortDirection', description: 'Ascending or descending.' });
