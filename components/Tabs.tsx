import type { ComponentChildren } from 'preact';

interface TabsProps<K extends string> {
  tabs: ReadonlyArray<{ key: K; label: string }>;
  active: K;
  onChange: (key: K) => void;
  label: string;
  children: ComponentChildren;
}

/** WAI-ARIA tabs: arrow keys move between tabs, the panel follows. */
export function Tabs<K extends string>({ tabs, active, onChange, label, children }: TabsProps<K>) {
  const index = tabs.findIndex((tab) => tab.key === active);
  return (
    <>
      <div role="tablist" aria-label={label} class="tabs">
        {tabs.map((tab) => (
          <button
            key={tab.key}
            type="button"
            role="tab"
            id={`gs-tab-${tab.key}`}
            aria-selected={tab.key === active}
            aria-controls={`gs-panel-${tab.key}`}
            tabIndex={tab.key === active ? 0 : -1}
            data-testid={`gs-tab-${tab.key}`}
            class="tab"
            onClick={() => onChange(tab.key)}
            onKeyDown={(event) => {
              const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
              if (!step) return;
              event.preventDefault();
              const next = tabs[(index + step + tabs.length) % tabs.length];
              if (next) {
                onChange(next.key);
                (event.currentTarget.parentElement?.querySelector(`#gs-tab-${next.key}`) as HTMLElement | null)?.focus();
              }
            }}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`gs-panel-${active}`} aria-labelledby={`gs-tab-${active}`} class="tab-panel">
        {children}
      </div>
    </>
  );
}
