import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { KpiTile } from '../components/KpiTile.tsx';
import { I18nProvider } from '../i18n/I18nProvider.tsx';
import { RAG_COLOURS } from '../kpi/rag.ts';

// React needs this flag to run act() outside a test renderer.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function render(element: React.ReactNode, locale: 'en' | 'zh-CN' = 'en') {
  localStorage.setItem('clearline.locale', locale);
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() => root.render(<I18nProvider>{element}</I18nProvider>));
  return { container, unmount: () => act(() => root.unmount()) };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('KpiTile', () => {
  it('shows the value, the change coloured by direction, and amber against its target', () => {
    const { container } = render(
      <KpiTile kpi="satisfactionRate" value={0.939} comparison={1} change={-0.061} target={{ target: 0.95, status: 'AMBER' }} sparkline={[0.9, null, 0.95]} />,
    );
    const text = (id: string) => container.querySelector(`[data-testid="${id}"]`)!.textContent;
    expect(text('tile-value-satisfactionRate')).toBe('93.9%');
    expect(text('tile-change-satisfactionRate')).toBe('−6.1 pp');
    expect((container.querySelector('.tile-change') as HTMLElement).style.color).toBe('#b3261e');
    const rag = container.querySelector('[data-testid="tile-rag-satisfactionRate"]') as HTMLElement;
    expect(rag.textContent).toBe('Near target · Target 95.0%');
    expect(rag.dataset.rag).toBe('AMBER');
    expect(rag.style.color).toBe(RAG_COLOURS.AMBER.text);
    // The sparkline breaks at the gap: two separate moves, no line through null.
    expect(container.querySelector('path')!.getAttribute('d')!.match(/M/g)).toHaveLength(2);
  });

  it('says so when there is no value or target, in Chinese too', () => {
    const { container } = render(
      <KpiTile kpi="backlog" value={null} comparison={null} change={null} target={undefined} sparkline={[null, null]} />, 'zh-CN',
    );
    expect(container.textContent).toContain('期末积压量');
    expect(container.textContent).toContain('无目标');
    expect(container.textContent).not.toMatch(/NaN|undefined|null/);
    expect(container.querySelector('path')).toBeNull();
  });
});
