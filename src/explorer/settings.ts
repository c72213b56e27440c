// The explorer's settings read and checked without `vscode`, so unit tests can feed them any value a
// settings.json can hold (the schema's minimum/maximum only warn in the editor; they do not stop a value).

export const GROUPS_REFRESH_DEFAULT = 5;
export const GROUPS_REFRESH_MAX = 3600;

/**
 * `kafkaDev.groups.refreshSeconds`: 0 turns the timer off, otherwise seconds between refreshes of an
 * expanded Consumer Groups node (1 … 3600). A bad value falls back to the default, with the reason.
 */
export function groupsRefreshSeconds(raw: unknown): { seconds: number; error?: string } {
  if (raw === undefined || raw === null) return { seconds: GROUPS_REFRESH_DEFAULT };
  const ok = typeof raw === 'number' && Number.isFinite(raw) && (raw === 0 || (raw >= 1 && raw <= GROUPS_REFRESH_MAX));
  if (ok) return { seconds: raw };
  return {
    seconds: GROUPS_REFRESH_DEFAULT,
    error: `kafkaDev.groups.refreshSeconds must be 0 (no automatic refresh) or a number of seconds from 1 to ${GROUPS_REFRESH_MAX}; ` +
      `got ${JSON.stringify(raw)}. Using ${GROUPS_REFRESH_DEFAULT} seconds until it is fixed.`,
  };
}
