import { useTranslation } from 'react-i18next';
import type { CasePurgeView } from '../../../main/api/contract';
import { formatDate } from '../../../shared/forms/format';
import { localeFor } from '../i18n';
import { Icon } from '../ui/Icon';

/** A case whose local data was deleted after its retention: what is left is a stub, and it says so. */
export function PurgedNotice({ purge }: { purge: CasePurgeView }) {
  const { t, i18n } = useTranslation();
  const locale = localeFor(i18n.language);
  const purgedAt = formatDate(purge.purgedAt, { locale });
  return (
    <p className="purged-stub" data-testid="purged-stub">
      <Icon name="clock" />
      <span>
        {purge.archivedAt
          ? t('archive.purged', { archivedAt: formatDate(purge.archivedAt, { locale }), purgedAt })
          : t('archive.purgedWithoutArchive', { purgedAt })}
      </span>
    </p>
  );
}
