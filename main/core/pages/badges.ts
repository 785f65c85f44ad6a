const ICON_STROKE =
  'fill="none" stroke="#fff" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"';

/** A check in a circle; the circle takes its colour from CSS `color`. */
export const CHECK_BADGE_SVG =
  `<svg viewBox="0 0 24 24" data-icon="check"><circle cx="12" cy="12" r="12" fill="currentColor"/>` +
  `<path d="M7.4 12.4l3.1 3.1 6.1-6.4" ${ICON_STROKE}/></svg>`;

/** A cross in a circle; the circle takes its colour from CSS `color`. */
export const CROSS_BADGE_SVG =
  `<svg viewBox="0 0 24 24" data-icon="cross"><circle cx="12" cy="12" r="12" fill="currentColor"/>` +
  `<path d="M8.6 8.6l6.8 6.8M15.4 8.6l-6.8 6.8" ${ICON_STROKE}/></svg>`;
