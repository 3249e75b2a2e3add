import { useRef, useState } from 'react';
import { formatNumber } from '../i18n/format.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { OrgUnitRef, Reference } from '../reference/ReferenceProvider.tsx';

/** The org-unit tree (province › city › county › station), each unit with its complaint count. */
export function OrgUnitPicker({ reference, counts, value, onChange }: {
  reference: Reference | undefined;
  counts: Map<string, number> | undefined;
  value: string | null;
  onChange(id: string | null): void;
}) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const selectedPath = reference?.orgPath(value) ?? [];
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const isExpanded = (id: string) => expanded.has(id) || selectedPath.some((u) => u.id === id);
  const current = value ? reference?.orgUnit(value) : undefined;
  const detailsRef = useRef<HTMLDetailsElement>(null);
  const choose = (id: string | null) => {
    if (detailsRef.current) detailsRef.current.open = false;
    onChange(id);
  };

  const countOf = (unit: OrgUnitRef) => {
    // Counts exist per city, county and station; the province is the total.
    const n = unit.level === 'PROVINCE' ? counts?.get('') : counts?.get(unit.id);
    return n === undefined ? (counts ? formatNumber(0, locale) : '…') : formatNumber(n, locale);
  };

  const renderUnits = (units: OrgUnitRef[], depth: number) => (
    <ul role={depth === 0 ? 'tree' : 'group'} aria-label={depth === 0 ? t('orgUnit') : undefined}>
      {units.map((unit) => {
        const children = reference!.children(unit.id);
        const open = isExpanded(unit.id);
        return (
          <li key={unit.id} role="treeitem" aria-expanded={children.length ? open : undefined} aria-selected={unit.id === value}>
            <div className="tree-row" style={{ paddingLeft: depth * 16 }}>
              {children.length > 0 ? (
                <button type="button" className="tree-toggle" aria-label={`${open ? t('collapse') : t('expand')} ${i18n.name(unit)}`}
                  onClick={() => setExpanded((s) => { const next = new Set(s); if (next.has(unit.id)) next.delete(unit.id); else next.add(unit.id); return next; })}>
                  {open ? '▾' : '▸'}
                </button>
              ) : <span className="tree-toggle" />}
              <button type="button" className={`tree-choice ${unit.id === value ? 'selected' : ''}`} onClick={() => choose(unit.level === 'PROVINCE' && !unit.parent ? null : unit.id)}>
                <span>{i18n.name(unit)}</span> <span className="count">{countOf(unit)}</span>
              </button>
            </div>
            {open && children.length > 0 && renderUnits(children, depth + 1)}
          </li>
        );
      })}
    </ul>
  );

  return (
    <details ref={detailsRef} className="picker org-picker" data-testid="picker-org">
      <summary><span className="picker-label">{t('orgUnit')}</span> <span className="picker-value">{current ? i18n.name(current) : t('allOrgUnits')}</span></summary>
      <div className="picker-panel tree">{reference ? renderUnits(reference.children(null), 0) : t('loading')}</div>
    </details>
  );
}
