import type { ServiceId } from '../../services';
import { bewohnerparkausweis } from './bewohnerparkausweis';
import type { ServiceGenerator } from './draft';
import { gewerbeanmeldung } from './gewerbeanmeldung';
import { hundesteuerAnmeldung } from './hundesteuer-anmeldung';
import { meldebescheinigung } from './meldebescheinigung';
import { sondernutzungserlaubnis } from './sondernutzungserlaubnis';
import { wohnsitzanmeldung } from './wohnsitzanmeldung';

export const GENERATORS: Record<ServiceId, ServiceGenerator> = {
  wohnsitzanmeldung,
  bewohnerparkausweis,
  'hundesteuer-anmeldung': hundesteuerAnmeldung,
  meldebescheinigung,
  sondernutzungserlaubnis,
  gewerbeanmeldung,
};
