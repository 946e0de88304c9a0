// Something a page fetches once when it appears (a new TOTP secret, new backup codes), with the
// request's state for a loading or retry view and a way to fetch it again.
import { useState } from 'react';
import { useAction, type Action } from './use-action.ts';
import { useOnMount } from './use-mfa-state.ts';

export function useLoaded<T>(fetch: () => Promise<T>): { value: T | undefined; loader: Action; reload: () => void } {
  const loader = useAction();
  const [value, setValue] = useState<T | undefined>();
  const reload = () => {
    void loader.run(async () => setValue(await fetch()));
  };
  useOnMount(reload);
  return { value, loader, reload };
}
