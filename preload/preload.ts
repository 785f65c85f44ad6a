/**
 * The tray windows' preload: exposes `window.pipecatTray` and nothing else.
 *
 * The windows run with `sandbox: true`, where Electron runs a preload as one classic script: no
 * ESM (the ESM support matrix in Electron's docs marks sandboxed preloads "unsupported") and a
 * `require` that only knows `electron` and a few polyfilled modules (events, timers, url), never a
 * relative file. So this file is not shipped as tsc emits it: scripts/build-renderer.js bundles it
 * with esbuild into one CommonJS file, `dist/preload/preload.cjs`, with the action registry
 * inlined and `electron` the only require left (the build fails if anything else remains). The
 * registry stays one source: main, this preload and the renderer types all read it.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createTrayApi } from './tray-api.js';

contextBridge.exposeInMainWorld('pipecatTray', createTrayApi(ipcRenderer));
