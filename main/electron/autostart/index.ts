export { createAutostart, startedAtLogin, type Autostart, type AutostartOptions } from './autostart.js';
export { HIDDEN_ARGUMENT } from './desktop-entry.js';
