/**
 * Issue 9: `orgs --use second-org`, `logout`, then a sign-in of the same account made the org
 * `acme` again. Signing out keeps the active org choice (as it keeps the CLI's org tables), so the
 * next sign-in of an account that still has that org keeps it; one that lost it gets the first.
 */
import { describe, expect, it } from 'vitest';
import { readToml } from '../tests/unit/credentials-helpers.js';
import { accountActionsSuite, signInOAuth } from './account-actions-support.js';

const suite = accountActionsSuite();
const { tray } = suite;

describe('the active organization across a sign-out', () => {
  it('orgs --use second-org, logout, sign in: still second-org', async () => {
    const file = suite.newConfigPath();
    await signInOAuth(suite.harness, file);
    expect((await tray(file, ['orgs', '--use', 'second-org'])).code).toBe(0);
    expect((await tray(file, ['logout'])).code).toBe(0);
    await signInOAuth(suite.harness, file);
    const environments = (await readToml(file))['environments'] as Record<string, Record<string, unknown>>;
    expect(environments[suite.sandbox.apiHost]?.['org']).toBe('second-org');
    const status = await tray(file, ['status']);
    expect(status.stdout).toMatch(/Organization {2}Second Org \(second-org\)/);
  });

  it('the same with a personal access token: use-pat keeps second-org too', async () => {
    const file = suite.newConfigPath();
    await signInOAuth(suite.harness, file);
    expect((await tray(file, ['orgs', '--use', 'second-org'])).code).toBe(0);
    expect((await tray(file, ['logout'])).code).toBe(0);
    const usePat = await tray(file, ['use-pat'], { input: `${suite.sandbox.mintPat()}\n` });
    expect(usePat.stdout).toContain('Second Org (second-org)');
  });

  it('an account that no longer has the org gets its first one', async () => {
    const file = suite.newConfigPath();
    await signInOAuth(suite.harness, file);
    expect((await tray(file, ['orgs', '--use', 'second-org'])).code).toBe(0);
    expect((await tray(file, ['logout'])).code).toBe(0);
    const usePat = await tray(file, ['use-pat'], { input: `${suite.sandbox.mintPat({ orgs: ['acme'] })}\n` });
    expect(usePat.stdout).toContain('Acme Inc. (acme)');
  });
});
