/** The settings' slice of the API: the person's plain, non-secret settings. */
import { z } from 'zod';
import { call, none } from '../../shared/api/call';

export const languages = ['de', 'en'] as const;
export type Language = (typeof languages)[number];

/** Plain, non-secret per-user settings (kept in electron-store on the desktop). */
export const userSettingsSchema = z
  .object({
    language: z.enum(languages),
    theme: z.enum(['system', 'light', 'dark']),
  })
  .strict();
export type UserSettings = z.infer<typeof userSettingsSchema>;
const userSettingsPatch = userSettingsSchema.partial().strict();

export const settingsCalls = {
  'settings.get': call<UserSettings>()(none),
  'settings.update': call<UserSettings>()(userSettingsPatch),
} as const;
