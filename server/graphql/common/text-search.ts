import { badInput } from './api-error.ts';

export const MIN_SEARCH_LENGTH = 2;
export const MAX_SEARCH_LENGTH = 100;

/** An ILIKE pattern that matches the text literally (its %, _ and \ escaped). */
export function containsPattern(text: string | null | undefined, field: string): string | undefined {
  if (text == null) return undefined;
  const trimmed = text.trim();
  if (trimmed.length < MIN_SEARCH_LENGTH || trimmed.length > MAX_SEARCH_LENGTH) {
    throw badInput(field, `must be ${MIN_SEARCH_LENGTH} to ${MAX_SEARCH_LENGTH} characters, got ${trimmed.length}`);
  }
  return `%${trimmed.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
