import { describe, expect, it } from 'vitest';
import {
  FAILURE_COPY,
  FAILURE_REASONS,
  LOGO_SVG,
  renderFailurePage,
  renderSuccessPage,
  SUCCESS_TITLE,
} from '../../main/core/pages/index.js';

const SUCCESS = renderSuccessPage({
  email: 'ada@example.com',
  orgName: 'acme',
  orgVerboseName: 'Acme Robotics',
});
const FAILURES = FAILURE_REASONS.map((reason) => renderFailurePage(reason, 'Something the provider said.'));
const ALL_PAGES = [SUCCESS, ...FAILURES];

function between(page: string, open: string, close: string): string {
  const start = page.indexOf(open);
  const end = page.indexOf(close, start);
  expect(start, `${open} is missing`).toBeGreaterThanOrEqual(0);
  return page.slice(start + open.length, end);
}

/** What a reader gets from the element starting at `open`: tags dropped, whitespace collapsed. */
function textOf(page: string, open: string, close: string): string {
  return between(page, open, close)
    .replace(/<[^>]*>/g, '')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every tag in the page outside the style sheet, as written: `<p class="x">`, `</p>`. */
function tagsOf(page: string): string[] {
  return page.replace(/<style>[\s\S]*?<\/style>/, '').match(/<[^>]*>/g) ?? [];
}

const VOID_ELEMENTS = new Set(['meta', 'link', 'br', 'img', 'input', 'hr']);

/** The open elements left over (or the first mismatch): [] means every tag is closed in order. */
function unbalancedTags(page: string): string[] {
  const withoutCss = page.replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
  const stack: string[] = [];
  for (const [, closing, name, selfClosing] of withoutCss.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
    const tag = (name ?? '').toLowerCase();
    if (VOID_ELEMENTS.has(tag) || selfClosing) continue;
    if (!closing) stack.push(tag);
    else if (stack.pop() !== tag) return [`unexpected </${tag}>`];
  }
  return stack;
}

describe('renderSuccessPage', () => {
  it('shows the account, the org and the green check', () => {
    expect(SUCCESS).toContain('ada@example.com');
    expect(SUCCESS).toContain('Acme Robotics (acme)');
    expect(SUCCESS).toContain('data-icon="check"');
    expect(SUCCESS).not.toContain('data-icon="cross"');
    expect(SUCCESS).toContain('<body class="success">');
    expect(textOf(SUCCESS, '<h1>', '</h1>')).toBe(SUCCESS_TITLE);
  });

  it('reads as one sentence: who, then which organization', () => {
    expect(textOf(SUCCESS, '<p class="account">', '</p>')).toBe(
      'A Signed in as ada@example.com · Acme Robotics (acme)',
    );
  });

  it('tells the user what to do next', () => {
    expect(SUCCESS).toContain('You can close this tab and return to your terminal or the tray.');
  });

  it('names the organization once when only one name is known, or both names agree', () => {
    const shortOnly = renderSuccessPage({ email: 'a@b.c', orgName: 'acme' });
    const same = renderSuccessPage({ email: 'a@b.c', orgName: 'acme', orgVerboseName: 'acme' });
    expect(textOf(shortOnly, '<span class="org">', '</span></span>')).toBe('· acme');
    expect(textOf(same, '<span class="org">', '</span></span>')).toBe('· acme');
  });

  it('leaves the organization out when there is none', () => {
    const page = renderSuccessPage({ email: 'a@b.c' });
    expect(page).not.toContain('class="org"');
    expect(textOf(page, '<p class="account">', '</p>')).toBe('A Signed in as a@b.c');
  });

  it('escapes the account names it shows', () => {
    const page = renderSuccessPage({
      email: '<script>alert(1)</script>@example.com',
      orgName: '"><img src=x onerror=alert(1)>',
      orgVerboseName: 'Tom & Jerry',
    });
    expect(page).not.toMatch(/<script|<img/i);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;@example.com');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('Tom &amp; Jerry');
  });
});

describe('renderFailurePage', () => {
  it('gives every reason its own heading, used as the tab title too', () => {
    const headings = FAILURES.map((page) => textOf(page, '<h1>', '</h1>'));
    expect(new Set(headings).size).toBe(FAILURE_REASONS.length);
    FAILURE_REASONS.forEach((reason, i) => {
      const page = FAILURES[i] ?? '';
      expect(textOf(page, '<h1>', '</h1>')).toBe(FAILURE_COPY[reason].title);
      expect(textOf(page, '<title>', '</title>')).toBe(`${FAILURE_COPY[reason].title} · Pipecat Cloud Tray`);
    });
  });

  it.each(FAILURE_REASONS)('%s: shows the red cross and how to try again', (reason) => {
    const page = renderFailurePage(reason);
    expect(page).toContain('data-icon="cross"');
    expect(page).not.toContain('data-icon="check"');
    expect(page).toContain('<body class="failure">');
    expect(textOf(page, '<p class="next">', '</p>')).toBe(
      'Run pipecat-tray login again or choose Sign in from the tray menu.',
    );
  });

  it('uses the wording agreed for each reason', () => {
    expect(FAILURE_COPY.access_denied.title).toBe('Sign-in was cancelled at Pipecat Cloud');
    expect(FAILURE_COPY.provider_error.title).toBe("Pipecat Cloud couldn't complete sign-in");
    expect(FAILURE_COPY.state_mismatch.title).toBe('This sign-in link is stale or was not started here');
    expect(FAILURE_COPY.exchange_failed.title).toBe("We couldn't finish signing you in");
    expect(FAILURE_COPY.cancelled.title).toBe('Sign-in was cancelled');
    expect(FAILURE_COPY.timed_out.title).toBe('Sign-in timed out');
    expect(FAILURE_COPY.timed_out.explanation).toContain('5 minutes');
  });

  it('shows the detail only when there is one', () => {
    expect(renderFailurePage('provider_error')).not.toContain('class="detail"');
    expect(renderFailurePage('provider_error', ' \n\t ')).not.toContain('class="detail"');
    const page = renderFailurePage('provider_error', 'The client is not allowed.');
    expect(textOf(page, '<div class="detail">', '</div>')).toBe(
      'Message from Pipecat Cloud The client is not allowed.',
    );
  });

  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['"><img src=x onerror=alert(1)>', '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'],
    ["' onmouseover='alert(1)", '&#39; onmouseover=&#39;alert(1)'],
  ])('shows the detail %s only as escaped text', (detail, escaped) => {
    const page = renderFailurePage('provider_error', detail);
    expect(between(page, '<p class="detail-text">', '</p>')).toBe(escaped);
    expect(page).not.toMatch(/<script|<img/i);
    expect(tagsOf(page).filter((tag) => /\son[a-z]+=/i.test(tag))).toEqual([]);
  });

  it('keeps a long detail short', () => {
    const page = renderFailurePage('exchange_failed', 'x'.repeat(5000));
    const shown = between(page, '<p class="detail-text">', '</p>');
    expect(Array.from(shown).length).toBeLessThanOrEqual(200);
    expect(shown.endsWith('…')).toBe(true);
  });
});

describe('every page', () => {
  it.each(ALL_PAGES.map((page, i) => [i, page] as const))(
    'page %i is a complete HTML document',
    (_, page) => {
      expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
      expect(page).toContain('<meta charset="utf-8">');
      expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      expect(between(page, '<title>', '</title>')).toMatch(/.+ · Pipecat Cloud Tray$/);
      expect(page.match(/<h1>/g)).toHaveLength(1);
      expect(unbalancedTags(page)).toEqual([]);
    },
  );

  it.each(ALL_PAGES.map((page, i) => [i, page] as const))(
    'page %i loads nothing from anywhere',
    (_, page) => {
      expect(page).not.toMatch(/https?:/i);
      expect(page).not.toMatch(/<script|<iframe|<object|<embed|<form|<img|@import|url\(/i);
      expect(tagsOf(page).filter((tag) => /\s(?:on[a-z]+|style)=/i.test(tag))).toEqual([]);
      for (const [, value] of page.matchAll(/\s(?:src|href)="([^"]*)"/g))
        expect(value).toMatch(/^data:image\//);
    },
  );

  it('carries the cat logo and the product name', () => {
    for (const page of ALL_PAGES) {
      expect(page).toContain(LOGO_SVG);
      expect(between(page, '<footer>', '</footer>')).toContain('Pipecat Cloud Tray');
    }
  });
});
