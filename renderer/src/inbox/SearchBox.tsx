import { memo, type RefObject } from 'react';
import { Input, Label, SearchField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';

/** The inbox search: every keystroke searches (see InboxScreen). Enter goes to the results. */
export const SearchBox = memo(function SearchBox({
  text,
  onText,
  onSubmit,
  inputRef,
}: {
  text: string;
  onText: (text: string) => void;
  /** Enter in the search box: go to the results. */
  onSubmit: () => void;
  inputRef: RefObject<HTMLInputElement | null>;
}) {
  const { t } = useTranslation();
  return (
    <SearchField
      className="field search-field"
      value={text}
      onChange={onText}
      onSubmit={onSubmit}
      aria-describedby="search-hint"
    >
      <Label className="field-label">{t('filters.search')}</Label>
      <Input ref={inputRef} className="input" aria-keyshortcuts="/" data-testid="search" />
      <span id="search-hint" className="visually-hidden">
        {t('filters.searchHint')}
      </span>
    </SearchField>
  );
});
