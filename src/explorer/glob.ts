// Topic filter globs: "orders-*", "*.v?", several separated by commas or spaces; "!x*" excludes.
// Pure (no vscode import) so unit tests can use it.

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const c of glob) {
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else re += c.replace(/[.+^${}()|[\]\\-]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export interface TopicFilter {
  readonly text: string;
  matches(name: string): boolean;
}

/** Compiles a filter, or returns what is wrong with it. An empty text means "no filter". */
export function compileTopicFilter(text: string): TopicFilter | { error: string } | undefined {
  const parts = text.split(/[\s,]+/).filter((p) => p.length > 0);
  if (parts.length === 0) return undefined;
  const include: RegExp[] = [];
  const exclude: RegExp[] = [];
  for (const p of parts) {
    const neg = p.startsWith('!');
    const g = neg ? p.slice(1) : p;
    if (!g) return { error: '"!" needs a pattern after it, e.g. !__*' };
    if (!/^[a-zA-Z0-9._*?-]+$/.test(g)) {
      return { error: `"${g}" can never match: topic names only hold letters, digits, ".", "_", "-" (use * and ? as wildcards).` };
    }
    (neg ? exclude : include).push(globToRegExp(g));
  }
  return {
    text: parts.join(', '),
    matches: (name) => (include.length === 0 || include.some((r) => r.test(name))) && !exclude.some((r) => r.test(name)),
  };
}
