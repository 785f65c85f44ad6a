export { renderSuccessPage, type SuccessDetails } from './success.js';
export { renderFailurePage } from './failure.js';
export {
  FAILURE_COPY,
  FAILURE_REASONS,
  SUCCESS_TITLE,
  type FailureCopy,
  type FailureReason,
} from './messages.js';
export { PAGE_CSP, PAGE_CSP_META, PAGE_SECURITY_HEADERS } from './security.js';
export { escapeHtml } from './html.js';
export { LOGO_PATH, LOGO_SVG, LOGO_SVG_FILE, LOGO_VIEW_BOX } from './logo.js';
export { FONT_STACK, THEME, THEME_CSS, themeVariable, type ThemeToken } from './theme.js';
