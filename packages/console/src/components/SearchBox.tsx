import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A search field that asks the server when submitted (lists are paged and searched server-side). */
export function SearchBox({ label, value, onSearch }: { label: string; value: string; onSearch: (value: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <search>
      <form
        className="search"
        onSubmit={(event) => {
          event.preventDefault();
          onSearch(text.trim());
        }}
      >
        <label>
          <span className="visually-hidden">{label}</span>
          <input type="search" placeholder={label} value={text} onChange={(event) => setText(event.target.value)} />
        </label>
        <button type="submit" className="secondary">
          {t('common.search')}
        </button>
      </form>
    </search>
  );
}
