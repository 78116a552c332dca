/**
 * Reads a value from a URL fragment such as `#token=abc` or `token=abc&x=1`.
 * Tokens travel in the fragment so that they never reach a server's logs.
 * Returns null when the key is missing or empty.
 */
export function readFragmentParam(hash: string, key: string): string | null {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (raw === '') return null;
  let value: string | null;
  try {
    value = new URLSearchParams(raw).get(key);
  } catch {
    return null;
  }
  if (value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Builds a fragment (without the leading `#`) for a single key and value. */
export function fragmentFor(key: string, value: string): string {
  return new URLSearchParams({ [key]: value }).toString();
}

/** The invite link for a token: the token goes in the fragment. */
export function inviteLink(origin: string, token: string): string {
  return `${origin}/join#${fragmentFor('token', token)}`;
}
