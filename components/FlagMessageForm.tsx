import { useState } from 'preact/hooks';
import { useT } from '../lib/i18n';
import type { Message, RuleCategory } from '../lib/model';

/** Categories staff can flag a message for: what a message says (floods and repeats are patterns, not one message). */
export const FLAG_CATEGORIES: readonly RuleCategory[] = ['ad', 'contact', 'link', 'insult', 'sensitive', 'custom'];

/** What a list of messages needs to offer "Flag this message". */
export interface FlagActions {
  /** Empty: every case is signed, so the form asks for the name first. */
  staffName: string;
  onSaveStaffName: (name: string) => Promise<boolean>;
  /** Records the flag; resolves true when it was recorded. */
  onFlag: (messageId: string, category: RuleCategory, reason: string) => Promise<boolean>;
}

interface FlagMessageFormProps extends FlagActions {
  message: Message;
  onClose: () => void;
}

/**
 * "Flag this message": the message the rules missed, the category staff give it and an
 * optional reason. The message text is shown as text (it comes from the chat page).
 */
export function FlagMessageForm({ message, staffName, onSaveStaffName, onFlag, onClose }: FlagMessageFormProps) {
  const t = useT();
  const [category, setCategory] = useState<RuleCategory>('ad');
  const [reason, setReason] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const signed = staffName.trim() !== '';
  return (
    <form
      class="flag-form"
      data-testid="gs-flag-form"
      data-message-id={message.id}
      aria-label={t('flagTitle')}
      onSubmit={async (event) => {
        event.preventDefault();
        if (!signed || busy) return;
        setBusy(true);
        const done = await onFlag(message.id, category, reason.trim());
        setBusy(false);
        if (done) onClose();
      }}
    >
      <strong>{t('flagTitle')}</strong>
      <p class="flag-quote">{message.text}</p>
      <p class="muted">{t('flagHint')}</p>
      {!signed && (
        <div class="row-actions">
          <label>
            {t('staffNamePrompt')}
            <input data-testid="gs-staff-name-input" value={name} maxLength={100} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <button type="button" data-testid="gs-staff-name-save" disabled={!name.trim()} onClick={() => void onSaveStaffName(name.trim())}>
            {t('save')}
          </button>
        </div>
      )}
      <label>
        {t('flagCategory')}{' '}
        <select data-testid="gs-flag-category" value={category} onChange={(e) => setCategory((e.currentTarget as HTMLSelectElement).value as RuleCategory)}>
          {FLAG_CATEGORIES.map((c) => (
            <option key={c} value={c} data-category={c}>
              {t(`category_${c}`)}
            </option>
          ))}
        </select>
      </label>
      <input
        data-testid="gs-flag-reason"
        aria-label={t('flagReason')}
        placeholder={t('flagReason')}
        value={reason}
        maxLength={1000}
        onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
      />
      <div class="row-actions">
        <button type="submit" data-testid="gs-flag-confirm" disabled={!signed || busy}>
          {t('flagConfirm')}
        </button>
        <button type="button" class="secondary" data-testid="gs-flag-cancel" onClick={onClose}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
