// A small reader for ~/.ssh/config: enough to resolve a Host alias the way `ssh alias` would for the
// options a tunnel needs (HostName, User, Port, IdentityFile, ProxyJump, IdentitiesOnly).
// As in OpenSSH, the first value obtained for an option wins (IdentityFile accumulates), Host patterns
// take wildcards and negation and match case-sensitively. Match blocks are not evaluated: their options are ignored.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';

export interface SshConfigBlock {
  /** Host patterns; empty for the options before the first Host line (they apply to every host). */
  patterns: string[];
  /** Match blocks are kept (so Include order is right) but never apply. */
  isMatch: boolean;
  options: Array<[key: string, value: string]>;
}

export interface ResolvedSshHost {
  alias: string;
  hostName: string;
  user?: string;
  port?: number;
  identityFiles: string[];
  identitiesOnly?: boolean;
  /** Raw ProxyJump value (comma-separated [user@]host[:port] hops), unless "none". */
  proxyJump?: string;
  /** True when some Host line other than a bare wildcard matched: the alias exists. */
  explicit: boolean;
}

function unquote(v: string): string {
  const t = v.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

function splitArgs(v: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(v); m; m = re.exec(v)) out.push(m[1] ?? m[2]);
  return out;
}

/**
 * Parses config text into blocks. `include` returns the text of files named by Include lines
 * (already resolved to absolute paths and globs expanded), so this function stays free of I/O.
 */
export function parseSshConfig(text: string, include?: (pattern: string) => string[], depth = 0): SshConfigBlock[] {
  const blocks: SshConfigBlock[] = [{ patterns: [], isMatch: false, options: [] }];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1].toLowerCase();
    const value = m[2].trim();
    if (key === 'host') {
      blocks.push({ patterns: splitArgs(value), isMatch: false, options: [] });
    } else if (key === 'match') {
      blocks.push({ patterns: [], isMatch: true, options: [] });
    } else if (key === 'include' && include && depth < 8) {
      // Included text is parsed in place, inside the current Host block (as OpenSSH does).
      const current = blocks[blocks.length - 1];
      for (const pattern of splitArgs(value)) {
        for (const inc of include(pattern)) {
          const sub = parseSshConfig(inc, include, depth + 1);
          current.options.push(...sub[0].options);
          blocks.push(...sub.slice(1));
        }
      }
    } else {
      blocks[blocks.length - 1].options.push([key, value]);
    }
  }
  return blocks;
}

/** Case-sensitive, as OpenSSH matches Host lines (match_pattern; only Match host lowercases). */
function patternMatches(pattern: string, host: string): boolean {
  const body = pattern.replace(/[.+^${}()|\\[\]]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`).test(host);
}

/** OpenSSH semantics: a negated match excludes the block even when another pattern matches. */
function blockMatches(b: SshConfigBlock, host: string): { matches: boolean; explicit: boolean } {
  if (b.isMatch) return { matches: false, explicit: false };
  if (b.patterns.length === 0) return { matches: true, explicit: false };
  let matches = false;
  let explicit = false;
  for (const p of b.patterns) {
    const neg = p.startsWith('!');
    if (patternMatches(neg ? p.slice(1) : p, host)) {
      if (neg) return { matches: false, explicit: false };
      matches = true;
      if (!/^[*?]+$/.test(p)) explicit = true;
    }
  }
  return { matches, explicit };
}

/** Expands ~ and the %-tokens OpenSSH allows in IdentityFile. */
export function expandPath(p: string, ctx: { home: string; host: string; alias: string; user?: string; port?: number }): string {
  const expanded = unquote(p).replace(/%[%dhnpru]/g, (t) => {
    switch (t) {
      case '%%': return '%';
      case '%d': return ctx.home;
      case '%h': return ctx.host;
      case '%n': return ctx.alias;
      case '%p': return String(ctx.port ?? 22);
      case '%r': return ctx.user ?? '';
      case '%u': return process.env.USER ?? '';
      default: return t;
    }
  });
  if (expanded === '~') return ctx.home;
  if (expanded.startsWith('~/')) return join(ctx.home, expanded.slice(2));
  return expanded;
}

/** What `ssh alias` would use, from already parsed blocks. */
export function resolveSshHost(blocks: SshConfigBlock[], alias: string, home = homedir()): ResolvedSshHost {
  const first = new Map<string, string>();
  const identity: string[] = [];
  let explicit = false;
  for (const b of blocks) {
    const m = blockMatches(b, alias);
    if (!m.matches) continue;
    explicit ||= m.explicit;
    for (const [k, v] of b.options) {
      if (k === 'identityfile') identity.push(v);
      else if (!first.has(k)) first.set(k, v);
    }
  }
  const hostName = unquote(first.get('hostname') ?? alias).replace(/%h/g, alias).replace(/%%/g, '%');
  const portText = first.get('port');
  const port = portText !== undefined ? Number(unquote(portText)) : undefined;
  const user = first.has('user') ? unquote(first.get('user') ?? '') : undefined;
  const ctx = { home, host: hostName, alias, user, port };
  const jump = first.get('proxyjump');
  return {
    alias,
    hostName,
    user,
    port: port !== undefined && Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined,
    identityFiles: identity.filter((f) => unquote(f).toLowerCase() !== 'none').map((f) => expandPath(f, ctx)),
    identitiesOnly: first.has('identitiesonly') ? /^yes$/i.test(unquote(first.get('identitiesonly') ?? '')) : undefined,
    proxyJump: jump && unquote(jump).toLowerCase() !== 'none' ? unquote(jump) : undefined,
    explicit,
  };
}

/**
 * Parsed blocks, and how OpenSSH should be asked for the same file (`ssh -G`, see opensshConfig.ts):
 * without `configFile` ssh reads ~/.ssh/config and /etc/ssh/ssh_config as `ssh alias` does.
 */
export type LoadedSshConfig = SshConfigBlock[] & { openssh?: { configFile?: string; sshBinary?: string } };

/**
 * Reads ~/.ssh/config (or `path`) with its Includes; an absent file is an empty config. The result
 * also says how to ask OpenSSH about the same file, which resolveSshTarget prefers when ssh is installed.
 */
export function loadSshConfig(path?: string): LoadedSshConfig {
  const blocks = readSshConfigBlocks(path ?? join(homedir(), '.ssh', 'config'));
  return Object.assign(blocks, { openssh: path === undefined ? {} : { configFile: path } });
}

function readSshConfigBlocks(path: string): SshConfigBlock[] {
  if (!existsSync(path)) return [];
  const sshDir = dirname(path);
  const include = (pattern: string): string[] => {
    const p = expandPath(pattern, { home: homedir(), host: '', alias: '' });
    const abs = isAbsolute(p) ? p : join(sshDir, p);
    const dir = dirname(abs);
    const base = basename(abs);
    if (!/[*?]/.test(base)) return existsSync(abs) ? [readFileSync(abs, 'utf8')] : [];
    if (!existsSync(dir)) return [];
    return readdirSync(dir).filter((f) => patternMatches(base, f)).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
  };
  return parseSshConfig(readFileSync(path, 'utf8'), include);
}

/** Parses one ProxyJump hop: [user@]host[:port] (or ssh://[user@]host[:port]). */
export function parseJumpHop(hop: string): { user?: string; host: string; port?: number } | undefined {
  const m = /^(?:ssh:\/\/)?(?:([^@\s]+)@)?(\[[^\]]+\]|[^:\s]+)(?::(\d+))?$/.exec(hop.trim());
  if (!m) return undefined;
  return { user: m[1], host: m[2].replace(/^\[|\]$/g, ''), port: m[3] ? Number(m[3]) : undefined };
}
