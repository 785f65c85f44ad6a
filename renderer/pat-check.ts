/**
 * The PAT dialog's first check, before anything leaves the window. The renderer bundles no core
 * module, so the prefix is repeated here; tests/unit/renderer-pat-check.test.ts keeps it equal to
 * PAT_PREFIX and this rule in step with the core's checkPersonalAccessToken.
 */
export const PAT_PREFIX = 'pcc_pat_';

export type PatCheck = { ok: true; pat: string } | { ok: false; message: string };

export function checkPatInput(input: string): PatCheck {
  const pat = input.trim();
  if (pat === '') return { ok: false, message: 'Paste a personal access token first.' };
  if (!pat.startsWith(PAT_PREFIX) || pat.length === PAT_PREFIX.length || /\s/.test(pat)) {
    return {
      ok: false,
      message: `That is not a personal access token: they start with ${PAT_PREFIX}. Nothing was sent.`,
    };
  }
  return { ok: true, pat };
}
