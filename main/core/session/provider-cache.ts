import { discoverProvider, type DiscoveryOptions, type Provider } from '../discovery/discover.js';

/** Discovery once, then from memory: a steady-state refresh is one request to the token endpoint. */
export class ProviderCache {
  private pending: Promise<Provider> | undefined;

  constructor(private readonly options: DiscoveryOptions) {}

  get(): Promise<Provider> {
    this.pending ??= discoverProvider(this.options).catch((error: unknown) => {
      this.pending = undefined;
      throw error;
    });
    return this.pending;
  }

  forget(): void {
    this.pending = undefined;
  }
}
