import type { SandboxAccount, SandboxAccountSpec } from './types.js';

export const DEFAULT_ACCOUNT: Readonly<SandboxAccountSpec> = {
  userId: 'user_sandbox_1',
  password: 'sandbox-password',
  emails: ['dev@example.com'],
  organizations: [
    { name: 'acme', verboseName: 'Acme Inc.' },
    { name: 'second-org', verboseName: 'Second Org' },
  ],
};

/** The sandbox's users; the login form accepts any of an account's emails or its userId. */
export class AccountDirectory {
  readonly all: SandboxAccount[] = [];

  constructor(specs: readonly SandboxAccountSpec[]) {
    if (specs.length === 0) throw new Error('the sandbox needs at least one account');
    for (const spec of specs) this.add(spec);
  }

  get primary(): SandboxAccount {
    const first = this.all[0];
    if (!first) throw new Error('no accounts');
    return first;
  }

  add(spec: SandboxAccountSpec): SandboxAccount {
    if (this.byId(spec.userId)) throw new Error(`account ${spec.userId} already exists`);
    const account: SandboxAccount = {
      userId: spec.userId,
      password: spec.password,
      emails: [...(spec.emails ?? [])],
      organizations: (spec.organizations ?? []).map((org) => ({ ...org })),
    };
    this.all.push(account);
    return account;
  }

  byId(userId: string): SandboxAccount | undefined {
    return this.all.find((account) => account.userId === userId);
  }

  authenticate(login: string, password: string): SandboxAccount | undefined {
    const wanted = login.trim().toLowerCase();
    const account = this.all.find(
      (candidate) =>
        candidate.userId.toLowerCase() === wanted ||
        candidate.emails.some((email) => email.toLowerCase() === wanted),
    );
    return account && account.password === password ? account : undefined;
  }
}
