// What every account page reads: the account center settings (which fields show and which change)
// and the signed-in user as the Account API shows them.
import type { AccountCenterFieldName } from '@idp/schemas';
import { createContext, useContext } from 'react';
import type { AccountCenter, MyAccount } from './api.ts';

export type AccountState = {
  settings: AccountCenter;
  account: MyAccount;
  /** Fetches the user again (after a change the answer does not carry). */
  reload: () => Promise<void>;
  setAccount: (account: MyAccount) => void;
};

export const AccountContext = createContext<AccountState | undefined>(undefined);

export function useAccount(): AccountState {
  const state = useContext(AccountContext);
  if (!state) throw new Error('useAccount outside the account pages');
  return state;
}

export type Control = 'Off' | 'ReadOnly' | 'Edit';

/** A field the administrator left out is `Off`, as in Logto. */
export const controlOf = (settings: AccountCenter, field: AccountCenterFieldName): Control => settings.fields[field] ?? 'Off';

export function useControl(field: AccountCenterFieldName): Control {
  return controlOf(useAccount().settings, field);
}
