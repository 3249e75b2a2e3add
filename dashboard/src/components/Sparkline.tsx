/**
 * A small line of the last periods, drawn as one SVG path (seven of these on
 * the Overview; a full chart per tile would cost more than the rest of the
 * page). Gaps (null) break the line.
 */
export function Sparkline({ values, label, width = 160, height = 36, colour = '#1a73e8' }: { values: (number | null)[]; label: string; width?: number; height?: number; colour?: string }) {
  const path = sparklinePath(values, width, height);
  return (
    <svg className="sparkline" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" width="100%" height={height} role="img" aria-label={label}>
      {path && <path d={path} fill="none" stroke={colour} strokeWidth={1.5} vectorEffect="non-scaling-stroke" />}
    </svg>
  );
}

/** The path's d attribute, or '' when there is nothing to draw. */
export function sparklinePath(values: (number | null)[], width: number, height: number, padding = 3): string {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length === 0) return '';
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const span = max - min || 1;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    const x = values.length > 1 ? i * step : width / 2;
    const y = max === min ? height / 2 : padding + (1 - (v - min) / span) * (height - 2 * padding);
    d += `${pen ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
    pen = true;
  });
  return d;
}
