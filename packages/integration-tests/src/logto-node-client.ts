// Logto's own Node SDK, unchanged, as the tests drive it: tokens kept in memory, and each URL the
// SDK would send the browser to recorded instead (the test follows it with an ExperienceFlow).
import LogtoClient from '@logto/node';

export type LogtoNodeConfig = ConstructorParameters<typeof LogtoClient>[0];

export function createLogtoNodeClient(config: LogtoNodeConfig) {
  const storage = new Map<string, string>();
  const navigations: string[] = [];
  const logto = new LogtoClient(config, {
    navigate: (url: string) => {
      navigations.push(url);
    },
    storage: {
      getItem: async (key: string) => storage.get(key) ?? null,
      setItem: async (key: string, value: string) => {
        storage.set(key, value);
      },
      removeItem: async (key: string) => {
        storage.delete(key);
      },
    },
  });
  return { logto, navigations, storage };
}
