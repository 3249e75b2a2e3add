import { useI18n } from '../i18n/I18nProvider.tsx';
import { useReference } from '../reference/ReferenceProvider.tsx';
import { useFilters } from '../state/useFilters.ts';

/** Where the view is in the org-unit tree; each step above is a link back up. */
export function Breadcrumb() {
  const i18n = useI18n();
  const { filters, setFilters } = useFilters();
  const reference = useReference().data;
  const path = reference?.orgPath(filters.orgUnitId) ?? [];
  const roots = reference?.children(null) ?? [];
  const top = path[0] ?? (roots.length === 1 ? roots[0] : undefined);
  const steps = path.length ? path : top ? [top] : [];
  return (
    <nav aria-label={i18n.t('breadcrumb')} className="breadcrumb" data-testid="breadcrumb">
      <ol>
        {steps.map((unit, index) => {
          const last = index === steps.length - 1;
          return (
            <li key={unit.id}>
              {last ? <span aria-current="location">{i18n.name(unit)}</span> : (
                <button type="button" className="link-button" onClick={() => setFilters({ ...filters, orgUnitId: index === 0 && !unit.parent ? null : unit.id })}>{i18n.name(unit)}</button>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
