// WCAG 2 contrast (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio) of what the browser computed:
// colours as getComputedStyle gives them (rgb()/rgba()), semi-transparent layers composited in order.

export interface Rgba { r: number; g: number; b: number; a: number }

export function parseColor(css: string): Rgba {
  const m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(css.trim());
  if (!m) throw new Error(`not an rgb()/rgba() colour: ${css}`);
  const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? Number(m[4].slice(0, -1)) / 100 : Number(m[4]);
  return { r: Number(m[1]), g: Number(m[2]), b: Number(m[3]), a: alpha };
}

/** `top` drawn over the opaque `bottom`. */
export function over(top: Rgba, bottom: Rgba): Rgba {
  const mix = (t: number, b: number): number => t * top.a + b * (1 - top.a);
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 };
}

/**
 * The opaque colour behind an element, from the backgrounds of it and its ancestors listed innermost
 * first: the first opaque one, with the semi-transparent ones inside it composited on top.
 */
export function effectiveBackground(layers: string[]): Rgba {
  const parsed = layers.map(parseColor);
  const firstOpaque = parsed.findIndex((c) => c.a >= 1);
  // Nothing opaque at all: the page's canvas, white.
  let bg: Rgba = firstOpaque < 0 ? { r: 255, g: 255, b: 255, a: 1 } : parsed[firstOpaque];
  for (const c of parsed.slice(0, firstOpaque < 0 ? parsed.length : firstOpaque).reverse()) if (c.a > 0) bg = over(c, bg);
  return bg;
}

export function relativeLuminance(c: Rgba): number {
  const lin = (v: number): number => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** Contrast ratio of a (possibly semi-transparent) foreground on an opaque background, 1 … 21. */
export function contrastRatio(fg: Rgba, bg: Rgba): number {
  const a = relativeLuminance(fg.a < 1 ? over(fg, bg) : fg);
  const b = relativeLuminance(bg);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
