/** The PAT window: the form alone; success or Cancel (or Escape) closes the window. */
import { mountPatForm } from './pat-form.js';

const tray = window.pipecatTray;
const close = (): void => void tray.closeWindow();

const form = mountPatForm(tray, { onAccepted: close, onCancel: close });

document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape' || event.defaultPrevented) return;
  form.reset();
  close();
});

form.focus();
