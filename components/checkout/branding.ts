import type { CSSProperties } from "react";

function channels(hex: string): [number, number, number] | null {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join("") : m[1]!;
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

// WCAG relative luminance of an sRGB colour.
function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/**
 * CSS variables that give the page a merchant's accent colour (`#4f46e5` or `#44e`): the accent, a
 * readable text colour on it (black or white, whichever contrasts more) and focus rings. Undefined
 * when unset or not a hex colour, so the default accent applies; only digits reach the stylesheet.
 */
export function accentStyle(color: string | null): CSSProperties | undefined {
  const rgb = color ? channels(color) : null;
  if (!rgb) return undefined;
  const l = luminance(rgb);
  const onWhite = 1.05 / (l + 0.05);
  const onBlack = (l + 0.05) / 0.05;
  const value = rgb.join(" ");
  return {
    "--accent": value,
    "--ring": value,
    "--accent-foreground": onWhite >= onBlack ? "255 255 255" : "9 9 11",
  } as CSSProperties;
}

/** A logo URL the page may show: http(s), or an inline raster/SVG image (an <img> never runs its scripts). */
export function safeLogoUrl(url: string | null): string | null {
  if (!url) return null;
  if (/^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=]+$/.test(url)) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}
