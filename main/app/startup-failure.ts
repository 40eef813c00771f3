/**
 * What a person is told when Antragsdesk cannot start: what happened and what to do, in German first
 * (English second), for the desktop's dialog and browser mode's error page alike. The vault is left as it
 * is: a damaged file is evidence and the starting point of a restore, never repaired or replaced here.
 */
import { VaultError } from '../vault/errors';

export interface StartupFailure {
  /** The vault's code, or `unexpected`; logged, never the message (it may name a path). */
  code: string;
  title: string;
  what: string;
  todo: string;
}

type Texts = Record<'corrupt' | 'locked' | 'tooNew' | 'key' | 'unexpected', { what: string; todo: string }>;

const TITLE = { de: 'Antragsdesk kann nicht starten', en: 'Antragsdesk cannot start' };
const KEPT = {
  de: 'Ihre Daten wurden nicht verändert.',
  en: 'Your data has not been changed.',
};
const TEXTS: Record<'de' | 'en', Texts> = {
  de: {
    corrupt: {
      what: 'Die Datenbank von Antragsdesk ist beschädigt und kann nicht gelesen werden.',
      todo: 'Bitte arbeiten Sie nicht weiter und verständigen Sie die IT: Sie kann den Datenstand aus der letzten Sicherung wiederherstellen.',
    },
    locked: {
      what: 'Die Datenbank von Antragsdesk lässt sich mit dem Schlüssel dieses Arbeitsplatzes nicht öffnen.',
      todo: 'Bitte verständigen Sie die IT: Sie kann den richtigen Schlüssel bereitstellen oder den Datenstand aus der Sicherung wiederherstellen.',
    },
    tooNew: {
      what: 'Die Daten wurden von einer neueren Version von Antragsdesk geschrieben.',
      todo: 'Bitte verständigen Sie die IT, damit sie die aktuelle Version installiert.',
    },
    key: {
      what: 'Der Schlüssel der Datenbank ist auf diesem Arbeitsplatz nicht verfügbar.',
      todo: 'Bitte verständigen Sie die IT: Sie kann den Schlüsselspeicher des Betriebssystems prüfen.',
    },
    unexpected: {
      what: 'Beim Start ist ein unerwarteter Fehler aufgetreten.',
      todo: 'Bitte starten Sie Antragsdesk erneut. Tritt der Fehler wieder auf, verständigen Sie die IT.',
    },
  },
  en: {
    corrupt: {
      what: 'The Antragsdesk database is damaged and cannot be read.',
      todo: 'Please stop working and call IT: they can restore the data from the last backup.',
    },
    locked: {
      what: "The Antragsdesk database cannot be opened with this workstation's key.",
      todo: 'Please call IT: they can provide the right key or restore the data from the backup.',
    },
    tooNew: {
      what: 'The data was written by a newer version of Antragsdesk.',
      todo: 'Please call IT so that they install the current version.',
    },
    key: {
      what: 'The database key is not available on this workstation.',
      todo: "Please call IT: they can check the operating system's key store.",
    },
    unexpected: {
      what: 'An unexpected error occurred during start-up.',
      todo: 'Please start Antragsdesk again. If the error persists, call IT.',
    },
  },
};

export function startupFailure(error: unknown, language: 'de' | 'en' = 'de'): StartupFailure {
  const code = error instanceof VaultError ? error.code : 'unexpected';
  const kind: keyof Texts =
    code === 'vault-corrupt'
      ? 'corrupt'
      : code === 'vault-locked'
        ? 'locked'
        : code === 'vault-too-new'
          ? 'tooNew'
          : code.startsWith('vault-key')
            ? 'key'
            : 'unexpected';
  const texts = TEXTS[language][kind];
  return { code, title: TITLE[language], what: `${texts.what} ${KEPT[language]}`, todo: texts.todo };
}
