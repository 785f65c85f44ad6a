import { describe, expect, it } from 'vitest';
import { LOGO_PATH, LOGO_SVG, LOGO_SVG_FILE, LOGO_VIEW_BOX } from '../../main/core/pages/index.js';

describe('the cat logo', () => {
  // build/logo.svg is generated from LOGO_SVG_FILE: after changing the drawing, run this file
  // with `npx vitest run tests/unit/pages-logo.test.ts -u` to rewrite it.
  it('is what build/logo.svg holds', async () => {
    await expect(LOGO_SVG_FILE).toMatchFileSnapshot('../../build/logo.svg');
  });

  it('is one even-odd path on a square grid, in the inline and the file version alike', () => {
    for (const svg of [LOGO_SVG, LOGO_SVG_FILE]) {
      expect(svg).toContain(`viewBox="${LOGO_VIEW_BOX}"`);
      expect(svg).toContain('fill-rule="evenodd"');
      expect(svg.match(/<path /g)).toHaveLength(1);
      expect(svg).toContain(`<path d="${LOGO_PATH}"/>`);
    }
    expect(LOGO_VIEW_BOX).toBe('0 0 32 32');
  });

  it('takes its colour from CSS inline and carries no URL, not even a namespace', () => {
    expect(LOGO_SVG).toContain('fill="currentColor"');
    expect(LOGO_SVG).not.toMatch(/xmlns|https?:/);
  });

  it('has a real colour and the SVG namespace as a standalone file', () => {
    expect(LOGO_SVG_FILE).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /);
    expect(LOGO_SVG_FILE).toContain('fill="#000000"');
    expect(LOGO_SVG_FILE).not.toContain('currentColor');
  });

  it('is drawn with path commands and numbers only', () => {
    expect(LOGO_PATH).toMatch(/^M[MZLHVCSQTAmzlhvcsqta0-9 .-]+Z$/);
  });
});
