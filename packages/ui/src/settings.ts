// The tenant's sign-in experience, loaded once by the app and read by every page.
import { createContext, useContext } from 'react';
import type { SignInExperience } from './api/sign-in-experience.ts';

export const SettingsContext = createContext<SignInExperience | undefined>(undefined);

export function useSettings(): SignInExperience {
  const settings = useContext(SettingsContext);
  if (!settings) throw new Error('useSettings outside of SettingsContext');
  return settings;
}
