import { checkPatShape, PAT_PREFIX } from '../main/shared/pat.js';

export type PatCheck = { ok: true; pat: string } | { ok: false; message: string };

/** The PAT dialog's first check, before anything leaves the window: the core's own rule, worded for the dialog. */
export function checkPatInput(input: string): PatCheck {
  const shape = checkPatShape(input);
  if (shape.ok) return shape;
  if (shape.problem === 'missing') return { ok: false, message: 'Paste a personal access token first.' };
  return {
    ok: false,
    message: `That is not a personal access token: they start with ${PAT_PREFIX}. Nothing was sent.`,
  };
}
