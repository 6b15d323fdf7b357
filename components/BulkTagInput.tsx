import { useState } from 'preact/hooks';
import { useT } from '../lib/i18n';

interface BulkTagInputProps {
  /** Adds the tag to every picked member; true when it worked (the input then clears). */
  onTag: (name: string) => Promise<boolean>;
  testId: string;
}

/** The tag input of a multi-member pick: Enter tags them all. */
export function BulkTagInput({ onTag, testId }: BulkTagInputProps) {
  const t = useT();
  const [name, setName] = useState('');
  return (
    <input
      value={name}
      maxLength={40}
      placeholder={t('tagInputPlaceholder')}
      aria-label={t('bulkTag')}
      data-testid={testId}
      onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
      onKeyDown={async (e) => {
        if (e.key === 'Enter' && !e.isComposing && name.trim() && (await onTag(name.trim()))) setName('');
      }}
    />
  );
}
