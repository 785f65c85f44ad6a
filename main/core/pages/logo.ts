/**
 * The project's cat: one path, one colour, eyes and mouth cut out (even-odd), so it works as
 * a macOS template image (black + alpha), as light-on-dark anywhere else, and takes its colour
 * from CSS `color` inline. Drawn on a 32-unit grid so the main shapes hold at 16 px.
 */
const HEAD =
  'M16 9.2C18.2 9.2 20.2 9.6 21.8 10.2L25.1 4.1Q26.1 2.5 26.8 4.3L28.3 12.6C29.4 14.6 30 16.6 30 18.6' +
  'C30 24.6 23.8 28.6 16 28.6C8.2 28.6 2 24.6 2 18.6C2 16.6 2.6 14.6 3.7 12.6L5.2 4.3Q5.9 2.5 6.9 4.1' +
  'L10.2 10.2C11.8 9.6 13.8 9.2 16 9.2Z';
// Each eye is a hole with a filled catch-light inside it: even-odd fills the island again.
const EYES =
  'M8 17.5a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0-5 0ZM10.5 16.7a.8 .8 0 1 0 1.6 0a.8 .8 0 1 0-1.6 0Z' +
  'M19 17.5a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0-5 0ZM21.5 16.7a.8 .8 0 1 0 1.6 0a.8 .8 0 1 0-1.6 0Z';
const NOSE = 'M14.7 20.6h2.6q.5 0 .2.4l-1.1 1.2q-.4.4-.8 0l-1.1-1.2q-.3-.4.2-.4Z';
// The ω mouth is the outline of a 0.8-unit stroke, so the glyph stays a single filled path.
const MOUTH =
  'M12.6 23.1A1.9 1.9 0 0 0 16 24.27A1.9 1.9 0 0 0 19.4 23.1A.4 .4 0 0 0 18.6 23.1A1.1 1.1 0 0 1 16.4 23.1' +
  'A.4 .4 0 0 0 15.6 23.1A1.1 1.1 0 0 1 13.4 23.1A.4 .4 0 0 0 12.6 23.1Z';

export const LOGO_PATH = HEAD + EYES + NOSE + MOUTH;
export const LOGO_VIEW_BOX = '0 0 32 32';

/** For inline use in HTML: no namespace needed (so no URL at all), colour from CSS `color`. */
export const LOGO_SVG = `<svg viewBox="${LOGO_VIEW_BOX}" fill="currentColor" fill-rule="evenodd"><path d="${LOGO_PATH}"/></svg>`;

/**
 * The content of build/logo.svg: the same drawing as a standalone file, which needs the SVG
 * namespace and a real colour (some rasterizers, e.g. ImageMagick's, ignore `currentColor`).
 * Black + alpha is what macOS template images want; icon scripts recolour by replacing the fill.
 */
const LOGO_FILL_IN_FILE = '#000000';
export const LOGO_SVG_FILE =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${LOGO_VIEW_BOX}" fill="${LOGO_FILL_IN_FILE}" ` +
  `fill-rule="evenodd"><path d="${LOGO_PATH}"/></svg>\n`;
