// Generates `{{faker.module.method(args)}}` placeholders with @faker-js/faker. Names are checked against
// the faker instance itself (its modules and their methods, inherited ones included), so every generator
// of the installed version works and a typo gets the close names of that module.
import type { Faker } from '@faker-js/faker';
import { fakerBundle } from '../client/vendor';
import type { FakerPart, FakerResolver } from '../rules/fakerPlaceholder';
import type { Template } from '../rules/template';

type Module = Record<string, unknown>;

/** The faker modules (person, internet, number, …): objects with methods, not faker's own internals. */
function moduleNames(f: Faker): string[] {
  const own = f as unknown as Record<string, unknown>;
  return Object.keys(own)
    .filter((k) => !k.startsWith('_') && k !== 'fakerCore' && k !== 'definitions' && k !== 'rawDefinitions'
      && typeof own[k] === 'object' && own[k] !== null && methodNames(own[k] as Module).length > 0)
    .sort();
}

/** A module's generators: functions along its prototype chain (helpers inherits from a simpler class). */
function methodNames(m: Module): string[] {
  const names = new Set<string>();
  for (let p = Object.getPrototypeOf(m) as object | null; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const n of Object.getOwnPropertyNames(p)) if (n !== 'constructor' && !n.startsWith('_') && typeof m[n] === 'function') names.add(n);
  }
  return [...names].sort();
}

function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length];
}

/** Up to `max` names close to `wanted` (a typo, or one containing it), closest first. */
export function closeNames(wanted: string, names: readonly string[], max = 3): string[] {
  const w = wanted.toLowerCase();
  const sameLetters = names.filter((n) => n.toLowerCase() === w);
  if (sameLetters.length > 0) return sameLetters;
  return names
    .map((n) => ({ n, d: n.toLowerCase().includes(w) || w.includes(n.toLowerCase()) ? 0.5 : distance(wanted, n) }))
    .filter((c) => c.d <= Math.max(2, Math.floor(wanted.length / 3)))
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
    .slice(0, max)
    .map((c) => c.n);
}

const list = (names: string[], max: number): string => names.slice(0, max).join(', ') + (names.length > max ? ', …' : '');

/** Why `part` names no generator of `f`, or undefined when it names one. */
export function fakerNameError(f: Faker, part: FakerPart): string | undefined {
  const modules = moduleNames(f);
  if (!modules.includes(part.module)) {
    const close = closeNames(part.module, modules);
    return `unknown faker generator ${part.placeholder}: faker has no module "${part.module}"; ${close.length ? `did you mean ${close.map((n) => `faker.${n}`).join(', ')}?` : `its modules are ${list(modules, 40)}.`}`;
  }
  const methods = methodNames((f as unknown as Record<string, Module>)[part.module]);
  if (!methods.includes(part.method)) {
    const close = closeNames(part.method, methods);
    const hint = close.length ? `did you mean ${close.map((n) => `{{faker.${part.module}.${n}}}`).join(', ')}?` : `it has ${list(methods, 12)}.`;
    return `unknown faker generator ${part.placeholder}: faker.${part.module} has no "${part.method}"; ${hint}`;
  }
  return undefined;
}

/** A resolver over `f` (the real faker unless a test passes a seeded one). Its errors name the placeholder. */
export function fakerResolver(f: Faker = fakerBundle().faker): FakerResolver {
  const checked = new Set<FakerPart>();
  return (part) => {
    if (!checked.has(part)) {
      const err = fakerNameError(f, part);
      if (err) throw new Error(err);
      checked.add(part);
    }
    const mod = (f as unknown as Record<string, Module>)[part.module];
    try {
      return (mod[part.method] as (...a: unknown[]) => unknown).apply(mod, part.args);
    } catch (e) {
      throw new Error(`${part.placeholder} failed: ${(e as Error).message.replace(/[.\s]*$/, '')}. Check its arguments against fakerjs.dev/api/${part.module.toLowerCase()}.`);
    }
  };
}

/** The faker parts of the templates, for a check before anything is sent. */
export function fakerParts(...templates: Array<Template | null>): FakerPart[] {
  return templates.flatMap((t) => (t?.faker ? t.parts.filter((p): p is FakerPart => p.kind === 'faker') : []));
}
