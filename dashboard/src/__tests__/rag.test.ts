import { describe, expect, it } from 'vitest';
import { changeTone, NEUTRAL_COLOUR, RAG_COLOURS, ragColour, TONE_COLOURS } from '../kpi/rag.ts';
import { kpiInfo } from '../kpi/kpi-catalogue.ts';

/** WCAG relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('RAG colouring', () => {
  it('maps the API\'s status to its colour, and no status to neutral', () => {
    expect(ragColour('RED')).toBe(RAG_COLOURS.RED);
    expect(ragColour('AMBER')).toBe(RAG_COLOURS.AMBER);
    expect(ragColour('GREEN')).toBe(RAG_COLOURS.GREEN);
    expect(ragColour(null)).toBe(NEUTRAL_COLOUR);
    expect(ragColour(undefined)).toBe(NEUTRAL_COLOUR);
  });

  it('colours a change by whether higher is better for that KPI', () => {
    expect(changeTone(0.02, kpiInfo('satisfactionRate')!.higherIsBetter)).toBe('better');
    expect(changeTone(-0.02, kpiInfo('satisfactionRate')!.higherIsBetter)).toBe('worse');
    expect(changeTone(0.02, kpiInfo('repeatComplaintRate')!.higherIsBetter)).toBe('worse');
    expect(changeTone(-3, kpiInfo('medianResolutionHours')!.higherIsBetter)).toBe('better');
    expect(changeTone(0, true)).toBe('neutral');
    expect(changeTone(null, true)).toBe('neutral');
    expect(changeTone(Number.NaN, true)).toBe('neutral');
    expect(changeTone(5, kpiInfo('resolvedComplaints')!.higherIsBetter)).toBe('neutral');
  });

  it('keeps every RAG and change colour at WCAG AA contrast (4.5:1) for text', () => {
    for (const { text, background } of [...Object.values(RAG_COLOURS), NEUTRAL_COLOUR]) {
      expect(contrast(text, background)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(text, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    }
    for (const colour of Object.values(TONE_COLOURS)) expect(contrast(colour, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });
});
