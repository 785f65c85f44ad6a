/**
 * An error whose message is fit to show a user as is: one sentence, no stack, no secrets.
 * Shells print `message` and exit non-zero; anything that is not a UserFacingError is a bug
 * and is reported as such (still without a stack unless PIPECAT_TRAY_DEBUG is set).
 */
export class UserFacingError extends Error {
  override readonly name = 'UserFacingError';
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
