export { bindMenu } from './bind-menu.js';
export type { TrayMenuItem } from './menu-item.js';
export { buildTrayMenu, type MenuContext } from './menu-template.js';
export { trayTooltip } from './tooltip.js';
