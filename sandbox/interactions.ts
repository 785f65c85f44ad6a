import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';

import type { AccountDirectory } from './accounts.js';
import { readForm, sendHtml } from './http.js';
import type { KnobState } from './knobs.js';
import { INTERACTION_PATH } from './provider.js';
import { consentPage, errorPage, loginPage, PAGE_SECURITY_HEADERS } from './views.js';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

export interface InteractionDeps {
  provider: Provider;
  accounts: AccountDirectory;
  knobs: KnobState;
}

const ROUTE = new RegExp(`^${INTERACTION_PATH}/([A-Za-z0-9_-]+)(?:/(login|confirm|abort))?$`);

function stringParam(interaction: Interaction, name: string): string {
  const value = interaction.params[name];
  return typeof value === 'string' ? value : '';
}

function showPage(res: ServerResponse, status: number, html: string): void {
  for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) res.setHeader(name, value);
  sendHtml(res, status, html);
}

/** Login and consent pages for the provider's interactions, and the form posts that finish them. */
export class Interactions {
  readonly #deps: InteractionDeps;

  constructor(deps: InteractionDeps) {
    this.#deps = deps;
  }

  matches(path: string): boolean {
    return ROUTE.test(path);
  }

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const [, uid, action] = ROUTE.exec(path) ?? [];
    const method = req.method ?? 'GET';
    if (!uid || (action === undefined ? method !== 'GET' : method !== 'POST')) {
      showPage(res, 405, errorPage('Method not allowed.'));
      return;
    }
    try {
      const interaction = await this.#deps.provider.interactionDetails(req, res);
      if (interaction.uid !== uid) throw new errors.SessionNotFound('interaction mismatch');
      if (action === 'login') await this.#login(req, res, interaction, uid);
      else if (action === 'confirm') await this.#approve(req, res, interaction);
      else if (action === 'abort') await this.#deny(req, res);
      else await this.#show(req, res, interaction, uid);
    } catch (error) {
      if (res.headersSent) throw error;
      const expired = error instanceof errors.SessionNotFound;
      showPage(
        res,
        expired ? 400 : 500,
        errorPage(expired ? 'This sign-in expired: start again.' : 'Error.'),
      );
    }
  }

  async #show(
    req: IncomingMessage,
    res: ServerResponse,
    interaction: Interaction,
    uid: string,
  ): Promise<void> {
    if (interaction.prompt.name === 'login') {
      showPage(res, 200, loginPage({ action: `${INTERACTION_PATH}/${uid}/login` }));
      return;
    }
    if (interaction.prompt.name !== 'consent') {
      showPage(res, 400, errorPage(`Unsupported prompt ${interaction.prompt.name}.`));
      return;
    }
    if (this.#deps.knobs.autoConsent) {
      await this.#approve(req, res, interaction);
      return;
    }
    const account = this.#deps.accounts.byId(interaction.session?.accountId ?? '');
    showPage(
      res,
      200,
      consentPage({
        approveAction: `${INTERACTION_PATH}/${uid}/confirm`,
        denyAction: `${INTERACTION_PATH}/${uid}/abort`,
        clientId: stringParam(interaction, 'client_id'),
        scopes: stringParam(interaction, 'scope').split(' ').filter(Boolean),
        account: account?.emails[0] ?? account?.userId ?? 'unknown',
      }),
    );
  }

  async #login(
    req: IncomingMessage,
    res: ServerResponse,
    interaction: Interaction,
    uid: string,
  ): Promise<void> {
    const form = await readForm(req);
    const login = form.get('login') ?? '';
    if (interaction.prompt.name !== 'login') {
      showPage(res, 400, errorPage('This sign-in is not waiting for a login.'));
      return;
    }
    const account = this.#deps.accounts.authenticate(login, form.get('password') ?? '');
    if (!account) {
      const action = `${INTERACTION_PATH}/${uid}/login`;
      showPage(res, 200, loginPage({ action, login, error: 'Wrong email or password.' }));
      return;
    }
    await this.#deps.provider.interactionFinished(
      req,
      res,
      { login: { accountId: account.userId } },
      { mergeWithLastSubmission: false },
    );
  }

  /** Every approval makes a new grant, so each sign-in can be revoked on its own. */
  async #approve(req: IncomingMessage, res: ServerResponse, interaction: Interaction): Promise<void> {
    const accountId = interaction.session?.accountId;
    if (interaction.prompt.name !== 'consent' || !accountId) {
      showPage(res, 400, errorPage('This sign-in is not waiting for consent.'));
      return;
    }
    const grant = new this.#deps.provider.Grant({
      accountId,
      clientId: stringParam(interaction, 'client_id'),
    });
    grant.addOIDCScope(stringParam(interaction, 'scope'));
    const grantId = await grant.save();
    await this.#deps.provider.interactionFinished(
      req,
      res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
  }

  async #deny(req: IncomingMessage, res: ServerResponse): Promise<void> {
    await this.#deps.provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'The user denied the request.' },
      { mergeWithLastSubmission: false },
    );
  }
}
