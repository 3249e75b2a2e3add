import { useI18n } from '../i18n/I18nProvider.tsx';
import { formatNumber } from '../i18n/format.ts';

export type PickerOption = { value: string; label: string; count: number | undefined; depth: number };

/**
 * A multi-select dropdown (a native <details>, so it opens with Enter or
 * Space): each choice shows how many complaints it holds under the other
 * active filters.
 */
export function Picker({ id, label, options, selected, onToggle }: {
  id: string;
  label: string;
  options: PickerOption[];
  selected: string[];
  onToggle(value: string): void;
}) {
  const { t, locale } = useI18n();
  const summary = selected.length === 0 ? t('any') : selected.length === 1 ? (options.find((o) => o.value === selected[0])?.label ?? '1') : `${selected.length}`;
  return (
    <details className="picker" data-testid={`picker-${id}`}>
      <summary><span className="picker-label">{label}</span> <span className="picker-value">{summary}</span></summary>
      <div className="picker-panel" role="group" aria-label={label}>
        {options.map((option) => (
          <label key={option.value} className="picker-option" style={{ paddingLeft: 8 + option.depth * 16 }}>
            <input type="checkbox" checked={selected.includes(option.value)} onChange={() => onToggle(option.value)} />
            <span className="picker-option-label">{option.label}</span>
            <span className="count">{option.count === undefined ? '…' : formatNumber(option.count, locale)}</span>
          </label>
        ))}
      </div>
    </details>
  );
}
