/**
 * Round tick values from zero to at least `max`, about `count` intervals in
 * steps of 1, 2, 2.5 or 5 × 10ⁿ (0, 50, 100, 150 for 150); whole steps only
 * when `integers` (counts).
 */
export function niceTicks(max: number, count = 5, integers = true): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const candidates = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).filter((s) => !integers || Number.isInteger(s));
  const step = candidates.find((s) => s >= raw) ?? (integers ? 1 : 10 * magnitude);
  const ticks = [0];
  while (ticks.at(-1)! < max) ticks.push(Number((ticks.length * step).toPrecision(12)));
  return ticks;
}
