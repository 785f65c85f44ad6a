import { classifyPastedCallback, type PasteClassification } from '../loopback/classify-paste.js';
import type { CallbackOutcome } from '../loopback/loopback-server.js';

/** What became of one paste: taken (the sign-in goes on with it), or refused with one sentence. */
export type PasteVerdict = { accepted: true } | { accepted: false; message: string };

/** The sign-in a paste is checked against: its loopback port, redirect URI and state. */
export interface PasteExpectation {
  port: number;
  redirectUri: string;
  state: string;
}

interface Waiting extends PasteExpectation {
  deliver(outcome: CallbackOutcome): void;
}

/**
 * Where the address a browser on another machine ended on is handed back to the sign-in waiting
 * for it: the terminal feeds it lines from standard input, the tray the text of a field. A paste
 * that is not this sign-in's callback is refused with one sentence and the sign-in keeps waiting.
 */
export class CallbackPaste {
  private waiting: Waiting | undefined;
  private readonly endedController = new AbortController();

  /** Aborts once the wait this paste served is over (either way), so readers can stop. */
  get ended(): AbortSignal {
    return this.endedController.signal;
  }

  submit(text: string): PasteVerdict {
    const waiting = this.waiting;
    if (!waiting) return { accepted: false, message: 'No sign-in is waiting for an address.' };
    const classification = classifyPastedCallback(text, waiting);
    if (classification.kind === 'code') {
      const callbackUrl = new URL(waiting.redirectUri);
      callbackUrl.search = classification.query.toString();
      waiting.deliver({ kind: 'code', code: classification.code, callbackUrl });
      return { accepted: true };
    }
    if (classification.kind === 'provider_error') {
      const { error, description } = classification;
      waiting.deliver({ kind: 'provider_error', error, description });
      return { accepted: true };
    }
    return { accepted: false, message: refusal(classification.kind, waiting.redirectUri) };
  }

  /** The first accepted paste for `expected`; rejects with `signal.reason` when it aborts first. */
  waitFor(expected: PasteExpectation, signal: AbortSignal): Promise<CallbackOutcome> {
    return new Promise((resolve, reject) => {
      const stop = (): void => {
        this.waiting = undefined;
        signal.removeEventListener('abort', onAbort);
        this.endedController.abort();
      };
      const onAbort = (): void => {
        stop();
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting = {
        ...expected,
        deliver: (outcome) => {
          stop();
          resolve(outcome);
        },
      };
    });
  }
}

function refusal(
  kind: Exclude<PasteClassification['kind'], 'code' | 'provider_error'>,
  redirectUri: string,
): string {
  switch (kind) {
    case 'state_mismatch':
      return 'That address is from another sign-in attempt (its state does not match this one): paste the address this sign-in ended on.';
    case 'missing_code':
      return "That address carries no sign-in code: copy the whole address from the browser's address bar and paste it again.";
    case 'too_long':
      return "That is too long to be the sign-in address: copy only the address from the browser's address bar.";
    default:
      return `That is not the address this sign-in ends on: copy the whole address from the browser's address bar (it starts with ${redirectUri}?) and paste it again.`;
  }
}
