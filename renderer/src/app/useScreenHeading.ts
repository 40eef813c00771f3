import { type RefObject, useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Each screen names the document after itself and moves focus to its main heading when it opens, so a
 * screen reader announces where navigation led. `focusHeading` false leaves focus where the screen put it.
 */
export function useScreenHeading(
  title: string | null,
  heading: RefObject<HTMLHeadingElement | null>,
  focusHeading = true,
): void {
  const { t } = useTranslation();
  const appName = t('app.name');
  useEffect(() => {
    document.title = title ? t('app.documentTitle', { title }) : appName;
  }, [title, appName, t]);
  useEffect(() => {
    if (focusHeading) heading.current?.focus();
  }, [heading, focusHeading]);
}
