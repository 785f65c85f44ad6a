import type { KeychainEvent } from '../core/keychain/vaulted-store.js';

/** One daemon log line per thing the keychain side did on its own (never a secret). */
export function describeKeychainEvent(event: KeychainEvent): string {
  switch (event.kind) {
    case 'moved_to_keychain':
      return 'moved the refresh token from the credentials file into the system keychain (the file keeps refresh_token = "")';
    case 'revoked':
      return event.outcome.kind === 'revoked'
        ? 'the credentials were removed (a CLI logout): revoked the session kept in the system keychain'
        : `the credentials were removed (a CLI logout): Pipecat Cloud did not confirm revoking the session kept in the system keychain${statusOf(event.outcome)}; forgot it`;
    case 'revocation_pending':
      return `the credentials were removed (a CLI logout), but the session kept in the system keychain could not be revoked yet${statusOf(event.outcome)}; trying again at the next check`;
    case 'forgotten':
      return 'the file holds another session now: forgot the refresh token kept in the system keychain';
    case 'completed_write':
      return 'finished writing the credentials that an interrupted refresh left in the system keychain';
    case 'moved_to_file':
      return 'moved the refresh token back into the credentials file';
  }
}

function statusOf(outcome: Extract<KeychainEvent, { outcome: unknown }>['outcome']): string {
  switch (outcome.kind) {
    case 'unreachable':
      return ' (Pipecat Cloud could not be reached)';
    case 'service_down':
      return ' (the revocation service is down)';
    case 'not_confirmed':
      return ` (status ${outcome.status})`;
    case 'revoked':
      return '';
  }
}
