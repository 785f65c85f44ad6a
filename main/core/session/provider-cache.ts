import { discoverProvider, type DiscoveryOptions, type Provider } from '../discovery/discover.js';

/** Discovery once, then from memory: a steady-state refresh is one request to the token endpoint. */
export class ProviderCache {
  private pending: Promise<Provider> | undefined;

  constructor(private readonly options: DiscoveryOptions) {}

  get(): Promise<Provider> {
    if (this.pending) return this.pending;
    const attempt: Promise<Provider> = discoverProvider(this.options).catch((error: unknown) => {
      // Only forget this attempt: a newer one started after forget() must survive our failure.
      if (this.pending === attempt) this.pending = undefined;
      throw error;
    });
    this.pending = attempt;
    return attempt;
  }

  forget(): void {
    this.pending = undefined;
  }
}
