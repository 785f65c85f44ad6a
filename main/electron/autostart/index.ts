export { createAutostart, startedAtLogin, type Autostart, type AutostartOptions } from './autostart.js';
export {
  desktopEntry,
  execLine,
  HIDDEN_ARGUMENT,
  quoteExecArgument,
  type DesktopEntryInput,
} from './desktop-entry.js';
export { isLoginItemEnabled, setLoginItem, type LoginItemApp, type LoginItemTarget } from './login-item.js';
export {
  autostartFile,
  DESKTOP_FILE_NAME,
  disableXdgAutostart,
  enableXdgAutostart,
  isXdgAutostartEnabled,
  type XdgLocation,
} from './xdg-autostart.js';
