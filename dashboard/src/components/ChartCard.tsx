import { useId, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

export type TableColumn = { label: string; align?: 'left' | 'right' };

/**
 * A titled chart with its text alternative: an aria description and a data
 * table behind a toggle (the same figures, for screen readers and for reading
 * exact values).
 */
export function ChartCard({ title, columns, rows, children, actions, className }: {
  title: string;
  columns: TableColumn[];
  rows: string[][];
  children: ReactNode;
  actions?: ReactNode;
  className?: string;
}) {
  const { t } = useI18n();
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  return (
    <section className={`card chart-card ${className ?? ''}`} aria-label={title}>
      <header className="card-header">
        <h2>{title}</h2>
        <div className="card-actions">
          {actions}
          <button type="button" className="link-button" aria-expanded={showTable} aria-controls={tableId} onClick={() => setShowTable((v) => !v)}>
            {showTable ? t('hideTable') : t('showTable')}
          </button>
        </div>
      </header>
      <figure className="chart-body">
        <figcaption className="visually-hidden">{t('chartAlt', { title })}</figcaption>
        {children}
      </figure>
      <div id={tableId} hidden={!showTable}>
        {showTable && (
          <table className="data-table">
            <caption className="visually-hidden">{title}</caption>
            <thead><tr>{columns.map((c) => <th key={c.label} scope="col" className={c.align === 'right' ? 'num' : undefined}>{c.label}</th>)}</tr></thead>
            <tbody>{rows.map((row, i) => <tr key={i}>{row.map((cell, j) => <td key={j} className={columns[j]?.align === 'right' ? 'num' : undefined}>{cell}</td>)}</tr>)}</tbody>
          </table>
        )}
      </div>
    </section>
  );
}
