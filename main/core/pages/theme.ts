/**
 * The one look shared by the browser result pages and the Electron renderer windows: a dark,
 * quiet surface with light text, where colour is kept for status only.
 */
export const FONT_STACK =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';

const MONO_FONT_STACK =
  'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace';

export const THEME = Object.freeze({
  background: '#0a0a0a',
  surface: '#111111',
  surfaceRaised: '#1a1a1a',
  border: '#242424',
  text: '#ededed',
  textMuted: '#a1a1a1',
  textSubtle: '#707070',
  logo: '#f5f5f5',
  success: '#22c55e',
  danger: '#ef4444',
  focus: '#3b82f6',
  radius: '16px',
  radiusSmall: '8px',
});

export type ThemeToken = keyof typeof THEME;

/** `surfaceRaised` → `--surface-raised`, so CSS and TypeScript name the same token. */
export function themeVariable(token: ThemeToken): string {
  return `--${token.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** A `:root` rule declaring every theme token, plus the font stacks, as CSS custom properties. */
export const THEME_CSS = `:root{color-scheme:dark;${Object.entries(THEME)
  .map(([token, value]) => `${themeVariable(token as ThemeToken)}:${value};`)
  .join('')}--font-sans:${FONT_STACK};--font-mono:${MONO_FONT_STACK}}`;
