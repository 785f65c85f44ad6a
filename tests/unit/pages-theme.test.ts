import { describe, expect, it } from 'vitest';
import { PAGE_CSS } from '../../main/core/pages/styles.js';
import { FONT_STACK, THEME, THEME_CSS, themeVariable } from '../../main/core/pages/theme.js';

describe('theme', () => {
  it('is the dark product look', () => {
    expect(THEME.background).toBe('#0a0a0a');
    expect(FONT_STACK).toBe(
      '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
    );
  });

  it('names CSS custom properties after the tokens', () => {
    expect(themeVariable('surfaceRaised')).toBe('--surface-raised');
    expect(themeVariable('background')).toBe('--background');
  });

  it('declares every token and the font stacks on :root', () => {
    for (const [token, value] of Object.entries(THEME)) {
      expect(THEME_CSS).toContain(`${themeVariable(token as keyof typeof THEME)}:${value};`);
    }
    expect(THEME_CSS).toContain(`--font-sans:${FONT_STACK};`);
    expect(THEME_CSS.startsWith(':root{color-scheme:dark;')).toBe(true);
  });

  it('backs every custom property the page style sheet uses', () => {
    const declared = new Set([...PAGE_CSS.matchAll(/(--[a-z-]+):/g)].map((m) => m[1]));
    const used = [...PAGE_CSS.matchAll(/var\((--[a-z-]+)\)/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((name) => !declared.has(name))).toEqual([]);
  });

  it('cannot end its own style element', () => {
    expect(PAGE_CSS).not.toMatch(/<\/style/i);
  });
});
