/** Fetches JSON from the API; on failure returns the problem+json detail as the error message. */
export async function lireJson<T>(url: string, init?: RequestInit): Promise<T> {
  const r = await fetch(url, init);
  const corps: unknown = await r.json().catch(() => null);
  if (!r.ok) {
    const detail =
      corps && typeof corps === 'object' && 'detail' in corps ? String(corps.detail) : r.statusText;
    throw new Error(detail);
  }
  return corps as T;
}
