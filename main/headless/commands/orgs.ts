import { listOrganizations } from '../../core/actions/list-organizations.js';
import { switchOrganization } from '../../core/actions/switch-organization.js';
import { organizationLabel as label } from '../../core/api/types.js';
import type { CommandContext } from '../context.js';
import { dashboardHostFrom } from '../../core/api/account.js';

/** `pipecat-tray orgs` lists the organizations, the active one marked; `orgs --use NAME` switches. */
export async function orgsCommand(
  ctx: CommandContext,
  options: { use: string | undefined },
): Promise<number> {
  const deps = {
    store: ctx.store,
    api: ctx.api,
    dashboardHost: dashboardHostFrom(process.env),
  };
  if (options.use !== undefined) {
    const { organization, changed } = await switchOrganization(deps, options.use);
    ctx.output.out(
      changed
        ? `Active organization: ${label(organization)}`
        : `${label(organization)} already is the active organization.`,
    );
    return 0;
  }
  const { organizations } = await listOrganizations(deps);
  if (organizations.length === 0) {
    ctx.output.out('This account has no organization yet.');
    return 1;
  }
  for (const org of organizations) ctx.output.out(`${org.active ? '*' : ' '} ${label(org)}`);
  return 0;
}
