import type { StoredCredentials } from '../credentials/index.js';
import { UserFacingError } from '../errors.js';

/** The part of the credentials store every account action reads. */
export interface CredentialsReader {
  readonly apiHost: string;
  read(): Promise<StoredCredentials | undefined>;
}

/** This host's credentials, or a UserFacingError saying there are none. */
export async function requireSignedIn(store: CredentialsReader): Promise<StoredCredentials> {
  const credentials = await store.read();
  if (!credentials) {
    throw new UserFacingError(`Not signed in to ${store.apiHost}: sign in first.`, 'not_signed_in');
  }
  return credentials;
}
