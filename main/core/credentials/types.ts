/** Credentials for one API host, as kept in the CLI's TOML file. */
export interface StoredCredentials {
  /** Access token, or a personal access token (`pcc_pat_...`). */
  token: string;
  /** Empty for a personal access token (and for old files that had none). */
  refreshToken: string;
  /** Epoch seconds (fractional); 0 for a personal access token or when the file has none. */
  tokenExpiresAt: number;
  /** The active organization, when the file names one. */
  org?: string;
}
