import { normalizeDetail } from './detail.js';
import { markup } from './html.js';
import { renderDocument } from './layout.js';
import { FAILURE_COPY, type FailureReason } from './messages.js';

/**
 * A result page for a sign-in that did not succeed. `detail` is plain text from outside (e.g. the
 * provider's error_description): it is shortened and always escaped, never read as markup.
 */
export function renderFailurePage(reason: FailureReason, detail?: string): string {
  const copy = FAILURE_COPY[reason];
  const text = normalizeDetail(detail);
  const detailBox =
    text === undefined
      ? undefined
      : markup`<div class="detail">
          <span class="detail-label">${copy.detailLabel}</span>
          <p class="detail-text">${text}</p>
        </div>`;
  return renderDocument({
    tone: 'failure',
    heading: copy.title,
    body: markup`<p class="lead">${copy.explanation}</p>
      ${detailBox}
      <p class="next">
        Run <code>pipecat-tray login</code> again or choose <strong>Sign in</strong> from the tray menu.
      </p>`,
  });
}
