import { describe, expect, it } from 'vitest';
import { normalizeDetail } from '../../main/core/pages/detail.js';
import { escapeHtml, markup, trustedHtml } from '../../main/core/pages/html.js';

describe('escapeHtml', () => {
  it('escapes the five characters that can end text or an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('leaves other text alone', () => {
    expect(escapeHtml('ada@example.com · Acme (acme) ✓')).toBe('ada@example.com · Acme (acme) ✓');
  });
});

describe('markup', () => {
  it('escapes interpolated strings', () => {
    expect(markup`<p title="${'"x"'}">${'<b>'}</p>`.value).toBe('<p title="&quot;x&quot;">&lt;b&gt;</p>');
  });

  it('keeps markup that is already safe, alone or in a list, and drops undefined', () => {
    const inner = markup`<b>${'&'}</b>`;
    expect(markup`<p>${inner}${[inner, trustedHtml('<i>i</i>')]}${undefined}</p>`.value).toBe(
      '<p><b>&amp;</b><b>&amp;</b><i>i</i></p>',
    );
  });
});

describe('normalizeDetail', () => {
  it('makes one line of the text and trims it', () => {
    expect(normalizeDetail('  The code\r\n  expired.\t ')).toBe('The code expired.');
  });

  it('drops control and bidirectional override characters', () => {
    // Controls become spaces; bidi characters are hidden formatting and go (displayText).
    expect(normalizeDetail('a\u0000b\u202Ec\u2066d\u0085e')).toBe('a bcd e');
  });

  it('returns undefined when nothing readable is left', () => {
    expect(normalizeDetail(undefined)).toBeUndefined();
    expect(normalizeDetail(' \u0007\u200f ')).toBeUndefined();
  });

  it('cuts long text to 200 characters, ending with an ellipsis', () => {
    const out = normalizeDetail('word '.repeat(100)) ?? '';
    expect(Array.from(out).length).toBeLessThanOrEqual(200);
    expect(out.endsWith('word…') || out.endsWith('wor…') || out.endsWith('…')).toBe(true);
    expect(normalizeDetail('y'.repeat(200))).toBe('y'.repeat(200));
  });

  it('never splits a character made of two UTF-16 units', () => {
    const out = normalizeDetail('🐱'.repeat(300)) ?? '';
    expect(out).toBe(`${'🐱'.repeat(199)}…`);
  });
});
