/**
 * What a personal access token looks like, for every side that checks one before sending it: the
 * core, the terminal command and the PAT dialog. Pure (no Node, no DOM), so the renderer bundles it.
 */
export const PAT_PREFIX = 'pcc_pat_';

export type PatShape = { ok: true; pat: string } | { ok: false; problem: 'missing' | 'not_a_pat' };

/**
 * The token as it will be sent, or why it is not one. Runs before any request, so a pasted access
 * token, a refresh token or a typo never leaves the machine. Whitespace is never part of a PAT.
 */
export function checkPatShape(input: string): PatShape {
  const pat = input.trim();
  if (pat === '') return { ok: false, problem: 'missing' };
  if (!pat.startsWith(PAT_PREFIX) || pat.length === PAT_PREFIX.length || /\s/.test(pat)) {
    return { ok: false, problem: 'not_a_pat' };
  }
  return { ok: true, pat };
}
