import { checkKeychain } from '../../core/keychain/availability.js';
import { keychainSideOf } from '../../core/keychain/keychain-store.js';
import type { CommandContext } from '../context.js';

/** What a user must know once the refresh token is only in the keychain. */
export const KEEP_RUNNING_NOTE =
  'The CLI cannot refresh this session on its own: keep `pipecat-tray daemon --keychain` (or the tray) running, or the access token lapses within a day.';

/**
 * `pipecat-tray keychain on|off`: moves this host's refresh token into the system keychain (the
 * file keeps `refresh_token = ""`), or back into the file so that the CLI can refresh alone.
 */
export async function keychainCommand(ctx: CommandContext, options: { to: 'on' | 'off' }): Promise<number> {
  const store = keychainSideOf(ctx.store);
  if (!store) throw new Error('the terminal command`s store has no keychain side');
  if (options.to === 'off') {
    const moved = await store.moveToFile();
    ctx.output.out(
      moved
        ? `The refresh token is back in ${ctx.configPath}: the CLI can refresh the session on its own again.`
        : `The system keychain held no refresh token for ${ctx.apiHost}: nothing to move.`,
    );
    return 0;
  }
  const availability = await checkKeychain(ctx.keychain.vault);
  if (!availability.available) {
    ctx.output.err(availability.reason);
    return 1;
  }
  await store.keepInVault();
  if ((await store.readPlaced()).refreshTokenIn !== 'keychain') {
    ctx.output.out(
      `No OAuth session with a refresh token for ${ctx.apiHost} in ${ctx.configPath}: nothing to move.`,
    );
    return 0;
  }
  ctx.output.out(
    `The refresh token is now in the system keychain; ${ctx.configPath} keeps refresh_token = "".`,
  );
  ctx.output.out(KEEP_RUNNING_NOTE);
  return 0;
}
