import bewohnerparkausweis from '../assets/services/bewohnerparkausweis.schema.json' with { type: 'json' };
import gewerbeanmeldung from '../assets/services/gewerbeanmeldung.schema.json' with { type: 'json' };
import hundesteuerAnmeldung from '../assets/services/hundesteuer-anmeldung.schema.json' with { type: 'json' };
import catalog from '../assets/services/index.json' with { type: 'json' };
import meldebescheinigung from '../assets/services/meldebescheinigung.schema.json' with { type: 'json' };
import sondernutzungserlaubnis from '../assets/services/sondernutzungserlaubnis.schema.json' with {
  type: 'json',
};
import wohnsitzanmeldung from '../assets/services/wohnsitzanmeldung.schema.json' with { type: 'json' };
import type { CatalogService } from './store/services';

/** The demo services (assets/services/index.json) and their data schemas. */
export const SERVICE_IDS = [
  'wohnsitzanmeldung',
  'bewohnerparkausweis',
  'hundesteuer-anmeldung',
  'meldebescheinigung',
  'sondernutzungserlaubnis',
  'gewerbeanmeldung',
] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

export interface ServiceEntry {
  id: ServiceId;
  title: string;
  identifier: string;
  schemaUri: string;
  schemaFile: string;
  mimeType: 'application/json';
}

const schemas: Record<ServiceId, object> = {
  wohnsitzanmeldung,
  bewohnerparkausweis,
  'hundesteuer-anmeldung': hundesteuerAnmeldung,
  meldebescheinigung,
  sondernutzungserlaubnis,
  gewerbeanmeldung,
};

export function serviceEntry(id: ServiceId): ServiceEntry {
  const entry = catalog.services.find((candidate) => candidate.id === id);
  if (entry === undefined) throw new RangeError(`service ${id} is not in assets/services/index.json`);
  return { ...entry, id, mimeType: 'application/json' };
}

export function serviceSchema(id: ServiceId): object {
  return schemas[id];
}

export function serviceByIdentifier(identifier: string): ServiceEntry | undefined {
  const entry = catalog.services.find((candidate) => candidate.identifier === identifier);
  return entry === undefined ? undefined : serviceEntry(entry.id as ServiceId);
}

/** The demo services as catalogue entries, with their schema files (the first start puts them into the catalogue). */
export function demoCatalog(): CatalogService[] {
  return SERVICE_IDS.map((id) => {
    const entry = serviceEntry(id);
    return {
      identifier: entry.identifier,
      name: entry.title,
      schemaUri: entry.schemaUri,
      mimeType: entry.mimeType,
      schema: JSON.stringify(serviceSchema(id)),
    };
  });
}
