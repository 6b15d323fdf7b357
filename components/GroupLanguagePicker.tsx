import { useT } from '../lib/i18n';
import type { TextLanguage } from '../lib/i18n/detect-language';

interface GroupLanguagePickerProps {
  value: { language: TextLanguage; detected: TextLanguage; chosen: TextLanguage | null };
  onChange: (language: TextLanguage | null) => void;
}

/** The language templates go out in for this group: detected from its messages unless staff choose. */
export function GroupLanguagePicker({ value, onChange }: GroupLanguagePickerProps) {
  const t = useT();
  return (
    <label class="group-language">
      {t('groupLanguage')}
      <select
        data-testid="gs-group-language"
        data-language={value.language}
        value={value.chosen ?? ''}
        onChange={(event) => {
          const next = (event.currentTarget as HTMLSelectElement).value;
          onChange(next === 'zh' || next === 'en' ? next : null);
        }}
      >
        <option value="">{t('groupLanguageAuto', t(`language_${value.detected}`))}</option>
        <option value="zh">{t('language_zh')}</option>
        <option value="en">{t('language_en')}</option>
      </select>
    </label>
  );
}
