import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright';
import { readToml } from '../../tests/unit/credentials-helpers.js';

export const SCREENSHOTS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../docs/screenshots',
);

/**
 * The keys the app keeps for `apiHost` in the CLI's file: a non-default host (the sandbox) lives
 * in its `[environments."<host>"]` table.
 */
export async function hostTable(configPath: string, apiHost: string): Promise<Record<string, unknown>> {
  const doc = await readToml(configPath);
  const environments = doc['environments'] as Record<string, Record<string, unknown>> | undefined;
  return environments?.[apiHost] ?? {};
}

/** A picture of the window for the README, as it sits on screen before anyone touches it. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate('document.activeElement?.blur()');
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(SCREENSHOTS, name) });
}
