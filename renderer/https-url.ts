export type UrlCheck = { ok: true; url: string } | { ok: false; message: string };

/**
 * The custom host field's own check: an absolute https URL. Main checks again and owns the
 * rules; this only answers a typo without a round trip.
 */
export function checkHttpsUrl(input: string): UrlCheck {
  const text = input.trim();
  const invalid: UrlCheck = {
    ok: false,
    message: 'Enter an https:// address.',
  };
  if (!URL.canParse(text)) return invalid;
  const url = new URL(text);
  if (url.protocol !== 'https:' || url.hostname === '') return invalid;
  return { ok: true, url: text.replace(/\/+$/, '') };
}
