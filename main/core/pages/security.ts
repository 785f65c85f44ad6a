import { createHash } from 'node:crypto';
import { PAGE_CSS } from './styles.js';

const STYLE_SOURCE = `'sha256-${createHash('sha256').update(PAGE_CSS, 'utf8').digest('base64')}'`;

// Nothing may load: no script, font, frame or fetch; only our own style sheet and the data: tab icon.
const DOCUMENT_DIRECTIVES = [
  "default-src 'none'",
  `style-src ${STYLE_SOURCE}`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
];

/** The policy the loopback server sends as a header. */
export const PAGE_CSP = [...DOCUMENT_DIRECTIVES, "frame-ancestors 'none'"].join('; ');

/** The same policy for the page's own meta tag; browsers ignore frame-ancestors there. */
export const PAGE_CSP_META = DOCUMENT_DIRECTIVES.join('; ');

/** Headers to send with every result page (the server adds its own Content-Type). */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': PAGE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
});
