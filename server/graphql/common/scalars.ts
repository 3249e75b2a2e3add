import { GraphQLDateTimeISO, GraphQLLocalDate } from 'graphql-scalars';

/** An instant, ISO 8601 with offset (e.g. 2024-03-04T01:00:00.000Z). */
export const DateTime = GraphQLDateTimeISO;
/** A calendar day in the utility's time zone, YYYY-MM-DD. */
export const LocalDate = GraphQLLocalDate;
