// Removes secrets from text that is about to leave the connector (error messages). Libraries echo
// server responses and sometimes the commands they sent; a secret can appear there raw, or
// base64-encoded as in SMTP AUTH PLAIN/LOGIN and HTTP Basic. Replacing every known form is cheaper
// than auditing every library's error paths.
export function redact(text: string, secrets: ReadonlyArray<string | undefined>, encodedForms: readonly string[] = []): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    forms.add(secret);
    forms.add(Buffer.from(secret).toString('base64'));
    forms.add(encodeURIComponent(secret));
  }
  for (const form of encodedForms) if (form) forms.add(form);
  let result = text;
  // Longest first, so a secret contained in a longer encoded form does not leave a tail behind.
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (form.length >= 3) result = result.split(form).join('[redacted]');
  }
  return result;
}
