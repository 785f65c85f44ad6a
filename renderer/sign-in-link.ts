import type { StatusLine } from './status-line.js';

/**
 * "Copy sign-in link": the clipboard when the page may write to it, else the link is selected
 * in its field so the user copies it with the keyboard. Either way the user is told which.
 */
export async function copySignInLink(field: HTMLInputElement, status: StatusLine): Promise<void> {
  const link = field.value;
  if (link === '') return status.info('The sign-in link is not ready yet.');
  try {
    await navigator.clipboard.writeText(link);
    status.report({ ok: true, message: 'Sign-in link copied. Paste it into a browser on this computer.' });
  } catch {
    field.focus();
    field.select();
    status.info('The link is selected: press Ctrl+C (⌘C on a Mac) to copy it.');
  }
}
