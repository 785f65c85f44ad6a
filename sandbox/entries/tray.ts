/**
 * The tray app of a source checkout: the shipped one plus `--sandbox`. `npm start -- --sandbox`
 * (scripts/start.js) starts Electron with this file; installed apps do not contain it.
 */
import path from 'node:path';
import { app } from 'electron';
import { runTrayMain } from '../../main/electron/tray-main.js';
import { loadSandboxServer } from '../development-server.js';

// Started on a file rather than the package folder, Electron would name the app "Electron" and
// keep its settings under that name; keep the installed app's folder (tray-main adds "-sandbox").
app.setName('Pipecat Cloud Tray');
app.setPath('userData', path.join(app.getPath('appData'), 'pipecat-cloud-tray'));
runTrayMain(loadSandboxServer);
