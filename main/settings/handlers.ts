/** The settings' calls, served from the person's settings store. */
import type { SliceHandlers } from '../../shared/api/call';
import type { settingsCalls } from './api';
import type { UserSettingsService } from './user-settings';

export function settingsHandlers(settings: UserSettingsService): SliceHandlers<typeof settingsCalls> {
  return {
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
  };
}
