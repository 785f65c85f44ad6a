/** The tray app as shipped (package.json `main`). */
import { runTrayMain } from './tray-main.js';

runTrayMain();
