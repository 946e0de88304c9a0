// The page a person was on when their session ended, kept across the sign-in redirect (this tab
// only) so the callback can bring them back to it.
const key = 'console:return-to';

export function saveReturnTo(path: string): void {
  if (path.startsWith('/') && !path.startsWith('/callback') && !path.startsWith('/welcome')) {
    sessionStorage.setItem(key, path);
  }
}

export function takeReturnTo(): string {
  const path = sessionStorage.getItem(key);
  sessionStorage.removeItem(key);
  return path?.startsWith('/') ? path : '/get-started';
}
