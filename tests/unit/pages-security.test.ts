import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  FAILURE_REASONS,
  PAGE_CSP,
  PAGE_CSP_META,
  PAGE_SECURITY_HEADERS,
  renderFailurePage,
  renderSuccessPage,
} from '../../main/core/pages/index.js';

const PAGES = [
  renderSuccessPage({ email: 'ada@example.com', orgName: 'acme' }),
  ...FAILURE_REASONS.map((reason) => renderFailurePage(reason, 'detail')),
];

function styleOf(page: string): string {
  const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)];
  expect(styles).toHaveLength(1);
  return styles[0]?.[1] ?? '';
}

function unescapeAttribute(value: string): string {
  return value
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

describe('page Content-Security-Policy', () => {
  it('allows exactly the page style sheet, by its hash', () => {
    for (const page of PAGES) {
      const hash = createHash('sha256').update(styleOf(page), 'utf8').digest('base64');
      expect(PAGE_CSP).toContain(`style-src 'sha256-${hash}';`);
      expect(PAGE_CSP_META).toContain(`style-src 'sha256-${hash}';`);
    }
  });

  it('allows nothing else', () => {
    expect(PAGE_CSP).toBe(
      `default-src 'none'; style-src ${/'sha256-[A-Za-z0-9+/]+=*'/.exec(PAGE_CSP)?.[0]}; img-src data:; ` +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(PAGE_CSP).not.toMatch(/unsafe|\*|https?:/);
  });

  it('is also in each page, ahead of the style element, without the header-only directive', () => {
    for (const page of PAGES) {
      const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page);
      expect(unescapeAttribute(meta?.[1] ?? '')).toBe(PAGE_CSP_META);
      expect(page.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(page.indexOf('<style>'));
    }
    expect(PAGE_CSP_META).not.toContain('frame-ancestors');
    expect(PAGE_CSP.startsWith(PAGE_CSP_META)).toBe(true);
  });
});

describe('PAGE_SECURITY_HEADERS', () => {
  it('carries the policy and the hardening headers', () => {
    expect(PAGE_SECURITY_HEADERS).toEqual({
      'Content-Security-Policy': PAGE_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      'X-Frame-Options': 'DENY',
    });
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(PAGE_SECURITY_HEADERS)).toBe(true);
  });
});

describe('tab icon', () => {
  it('is an inert SVG image inside the page', () => {
    const href = /<link rel="icon" type="image\/svg\+xml" href="data:image\/svg\+xml;base64,([^"]+)">/.exec(
      PAGES[0] ?? '',
    )?.[1];
    const svg = Buffer.from(href ?? '', 'base64').toString('utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*>.*<\/svg>$/);
    expect(svg).not.toMatch(/<script|<foreignObject|href|\son[a-z]+=|<style/i);
    expect(svg.match(/<(\w+)/g)).toEqual(['<svg', '<rect', '<path']);
  });
});
