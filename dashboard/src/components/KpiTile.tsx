import { formatChange, formatKpi } from '../i18n/format.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { kpiInfo } from '../kpi/kpi-catalogue.ts';
import { Sparkline } from './Sparkline.tsx';
import { Skeleton } from './States.tsx';
import { changeTone, ragColour, TONE_COLOURS, type RagStatus } from '../kpi/rag.ts';

export type TileProps = {
  kpi: string;
  value: number | null;
  comparison: number | null | undefined;
  change: number | null | undefined;
  target: { target: number; status: RagStatus | null } | undefined;
  sparkline: (number | null)[];
  /** The KPI's answer has not arrived yet. */
  loading?: boolean;
  selected?: boolean;
  onSelect?(): void;
};

/** One KPI: value, change against the previous period, 12-month sparkline, RAG against its target. */
export function KpiTile({ kpi, value, comparison, change, target, sparkline, loading, selected, onSelect }: TileProps) {
  const { t, locale } = useI18n();
  const info = kpiInfo(kpi)!;
  const name = locale === 'zh-CN' ? info.zh : info.en;
  const tone = changeTone(change, info.higherIsBetter);
  const rag = target?.status ?? null;
  const colours = ragColour(rag);
  return (
    <article className={`tile ${selected ? 'selected' : ''}`} style={{ borderTopColor: colours.border }} data-testid={`tile-${kpi}`} aria-label={name}>
      <button type="button" className="tile-button" onClick={onSelect} aria-pressed={selected}>
        <h3 className="tile-name">{name}</h3>
        {loading ? <Skeleton height={92} label={t('loading')} /> : (<>
        <div className="tile-value" data-testid={`tile-value-${kpi}`}>{formatKpi(value, info.format, locale)}</div>
        <div className="tile-change" style={{ color: TONE_COLOURS[tone] }} title={t('previous', { value: formatKpi(comparison, info.format, locale) })}>
          <span aria-hidden="true">{tone === 'neutral' ? '' : (change ?? 0) > 0 ? '▲ ' : '▼ '}</span>
          <span data-testid={`tile-change-${kpi}`}>{formatChange(change, comparison, info.format, locale)}</span>
          <span className="visually-hidden"> {t('change')}</span>
        </div>
        <div className="tile-spark">
          <Sparkline values={sparkline} label={`${t('sparklineOf', { kpi: name })}: ${sparkline.map((v) => formatKpi(v, info.format, locale)).join(', ')}`} />
        </div>
        <div className="tile-rag" style={{ color: colours.text, background: colours.background }} data-testid={`tile-rag-${kpi}`} data-rag={rag ?? 'NONE'}>
          {rag ? `${t(`rag${rag}` as MessageKey)} · ${t('target', { value: formatKpi(target!.target, info.format, locale) })}` : t('noTarget')}
        </div>
        </>)}
      </button>
    </article>
  );
}
