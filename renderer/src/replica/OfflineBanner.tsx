import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Connectivity } from '../../../shared/replica/types';
import { useApi } from '../api/context';
import { localeFor } from '../i18n';
import { Icon } from '../ui/Icon';
import { offlineBannerText } from './offline-text';

/**
 * Department mode: while the service cannot be reached, the desk says so and since when; the person keeps
 * working on the cases held on this workstation. A status, not an alert: it informs, nothing is broken.
 */
export function OfflineBanner() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [connectivity, setConnectivity] = useState<Connectivity>({ online: true });
  useEffect(() => api.on('department.connectivity', setConnectivity), [api]);
  return (
    <div role="status" className="offline-banner" data-testid="offline-banner">
      {!connectivity.online && (
        <p>
          <Icon name="warning" />
          {offlineBannerText(t, connectivity.since, localeFor(i18n.language))}
        </p>
      )}
    </div>
  );
}
