import { useTranslation } from 'react-i18next';
import { chooseLanguage, languages, type Language } from '../i18n/index.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language">
      <span>{t('common.language')}</span>
      <select value={i18n.language} onChange={(event) => void chooseLanguage(event.target.value as Language)}>
        {languages.map((language) => (
          <option key={language} value={language}>
            {t(`languages.${language}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
