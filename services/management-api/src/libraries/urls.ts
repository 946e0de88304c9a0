/** The value as a URL, or undefined when it does not parse as one. */
export function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** Whether the value is an http(s) URL. */
export const isWebUrl = (value: string) => {
  const protocol = parseUrl(value)?.protocol;
  return protocol === 'http:' || protocol === 'https:';
};
