import { CHECK_BADGE_SVG, CROSS_BADGE_SVG } from './badges.js';
import { FAVICON_DATA_URL } from './favicon.js';
import { markup, trustedHtml, type SafeHtml } from './html.js';
import { LOGO_SVG } from './logo.js';
import { PAGE_CSP_META } from './security.js';
import { PAGE_CSS } from './styles.js';

const PRODUCT_NAME = 'Pipecat Cloud Tray';

export type PageTone = 'success' | 'failure';

export interface PageContent {
  tone: PageTone;
  /** Plain text: the tab title and the page's only heading. */
  heading: string;
  /** Everything in the card below the heading. */
  body: SafeHtml;
}

/** The document around a result page: head, security meta, the card with logo and badge, footer. */
export function renderDocument({ tone, heading, body }: PageContent): string {
  const logo = trustedHtml(LOGO_SVG);
  const badge = trustedHtml(tone === 'success' ? CHECK_BADGE_SVG : CROSS_BADGE_SVG);
  // The CSP meta tag comes before the style element so the policy covers it.
  const page = markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP_META}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="dark">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${heading} · ${PRODUCT_NAME}</title>
<link rel="icon" type="image/svg+xml" href="${FAVICON_DATA_URL}">
<style>${trustedHtml(PAGE_CSS)}</style>
</head>
<body class="${tone}">
<main class="card">
<div class="mark" aria-hidden="true">${logo}<span class="badge">${badge}</span></div>
<h1>${heading}</h1>
${body}
</main>
<footer><span aria-hidden="true">${logo}</span>${PRODUCT_NAME}</footer>
</body>
</html>
`;
  return page.value;
}
