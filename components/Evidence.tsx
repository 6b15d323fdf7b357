import type { Span } from '../lib/model';

/** Message text with the matched spans marked; text only, never parsed as HTML. */
export function Evidence({ text, spans }: { text: string; spans: readonly Span[] }) {
  const parts: Array<{ text: string; marked: boolean }> = [];
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const start = Math.max(at, Math.min(span.start, text.length));
    const end = Math.min(Math.max(span.end, start), text.length);
    if (start > at) parts.push({ text: text.slice(at, start), marked: false });
    if (end > start) parts.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), marked: false });
  return (
    <p class="evidence">
      {parts.map((part, i) =>
        part.marked ? (
          <mark key={i}>{part.text}</mark>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}
