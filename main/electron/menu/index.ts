export { bindMenu } from './bind-menu.js';
export type { TrayMenuItem } from './menu-item.js';
export { MENU_LABELS } from './menu-labels.js';
export { buildTrayMenu, type MenuContext } from './menu-template.js';
export { literalLabel } from './menu-text.js';
export { TOOLTIP_MAX_LENGTH, trayTooltip } from './tooltip.js';
