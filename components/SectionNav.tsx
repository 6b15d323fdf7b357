import type { ComponentChildren } from 'preact';

interface SectionNavProps<K extends string> {
  sections: ReadonlyArray<{ key: K; label: string }>;
  active: K;
  onJump: (key: K) => void;
  label: string;
  /** Shown at the end of the bar, which stays in view while the sidebar scrolls (e.g. a reading alert). */
  trailing?: ComponentChildren;
}

/**
 * Jump links to the sidebar's sections (member, group, templates), which are all on the
 * page at once: one scroll holds everything, and every control stays reachable without
 * knowing which tab it sits on. Arrow keys move between the links.
 */
export function SectionNav<K extends string>({ sections, active, onJump, label, trailing }: SectionNavProps<K>) {
  const index = sections.findIndex((section) => section.key === active);
  return (
    <nav aria-label={label} class="tabs">
      {sections.map((section) => (
        <button
          key={section.key}
          type="button"
          id={`gs-tab-${section.key}`}
          aria-controls={`gs-panel-${section.key}`}
          aria-current={section.key === active ? 'true' : undefined}
          tabIndex={section.key === active ? 0 : -1}
          data-testid={`gs-tab-${section.key}`}
          class="tab"
          onClick={() => onJump(section.key)}
          onKeyDown={(event) => {
            const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
            if (!step) return;
            event.preventDefault();
            const next = sections[(index + step + sections.length) % sections.length];
            if (next) {
              onJump(next.key);
              (event.currentTarget.parentElement?.querySelector(`#gs-tab-${next.key}`) as HTMLElement | null)?.focus();
            }
          }}
        >
          {section.label}
        </button>
      ))}
      {trailing}
    </nav>
  );
}
