import { Buffer } from 'node:buffer';
import { LOGO_PATH } from './logo.js';
import { THEME } from './theme.js';

// A dark tile keeps the light cat visible on light and dark tab strips alike.
const FAVICON_SVG =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">` +
  `<rect width="32" height="32" rx="7" fill="${THEME.background}"/>` +
  `<path transform="translate(3 3) scale(.8125)" fill="${THEME.logo}" fill-rule="evenodd" d="${LOGO_PATH}"/>` +
  `</svg>`;

/**
 * The tab icon as a data: URL, so the browser does not ask the loopback server for
 * /favicon.ico. An SVG image cannot run script, and the CSP allows images from data: only.
 */
export const FAVICON_DATA_URL = `data:image/svg+xml;base64,${Buffer.from(FAVICON_SVG, 'utf8').toString('base64')}`;
