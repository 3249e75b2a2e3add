// Red/amber/green and the colour of a change. The API decides RAG against the
// governing target; here it only becomes a colour and words (never colour
// alone: a tile also says "On target" / "Off target").
export type RagStatus = 'RED' | 'AMBER' | 'GREEN';

/** Colours with at least 4.5:1 contrast on white (WCAG AA for normal text). */
export const RAG_COLOURS: Record<RagStatus, { text: string; background: string; border: string }> = {
  GREEN: { text: '#1b6e2a', background: '#e6f4ea', border: '#2e7d32' },
  AMBER: { text: '#8a4b00', background: '#fff4e0', border: '#c77700' },
  RED: { text: '#b3261e', background: '#fdecea', border: '#c62828' },
};

export const NEUTRAL_COLOUR = { text: '#3c4043', background: '#f1f3f4', border: '#9aa0a6' };

export function ragColour(status: RagStatus | null | undefined) {
  return status ? RAG_COLOURS[status] : NEUTRAL_COLOUR;
}

export type ChangeTone = 'better' | 'worse' | 'neutral';

/**
 * Whether a change is good news: up is better for satisfaction, worse for
 * repeats. A zero, missing or direction-less change is neutral.
 */
export function changeTone(change: number | null | undefined, higherIsBetter: boolean | null): ChangeTone {
  if (change === null || change === undefined || !Number.isFinite(change) || change === 0 || higherIsBetter === null) return 'neutral';
  return (change > 0) === higherIsBetter ? 'better' : 'worse';
}

export const TONE_COLOURS: Record<ChangeTone, string> = {
  better: '#1b6e2a',
  worse: '#b3261e',
  neutral: '#5f6368',
};
