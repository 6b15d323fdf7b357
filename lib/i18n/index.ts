import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

import type { Translate } from './translate';

export { createTranslator, type LocaleMessages, resolveLanguage, type Translate, type UiLanguage } from './translate';

export const I18nContext = createContext<Translate>((key) => key);
export const useT = () => useContext(I18nContext);
