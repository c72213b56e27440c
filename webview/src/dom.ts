// A tiny element builder: the panel is small enough that a framework would be all overhead.
// Text always goes in as text nodes (never innerHTML), so topic names, keys and broker messages
// cannot inject markup.

type Attrs = Record<string, string | number | boolean | undefined>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

export function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from the producer panel`);
  return el as T;
}

export function clear(el: Element): void {
  while (el.firstChild) el.firstChild.remove();
}

// Icons drawn inline (the panel loads no icon font): shapes in currentColor, holes by even-odd.
const ICONS = {
  pass: 'M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zM6.8 11.2 3.6 8l1.06-1.06L6.8 9.08l4.54-4.54L12.4 5.6z',
  warning: 'M8 1 15.5 14.5H.5zM7.25 6v4h1.5V6zm0 5v1.5h1.5V11z',
} as const;

/** A 16×16 decorative icon (hidden from screen readers: the text next to it says the same). */
export function svgIcon(name: keyof typeof ICONS): SVGSVGElement {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', `icon icon-${name}`);
  const path = document.createElementNS(NS, 'path');
  path.setAttribute('d', ICONS[name]);
  path.setAttribute('fill-rule', 'evenodd');
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}
