import { DEFAULT_DASHBOARD_HOST } from '../core/api/account.js';

/** CONTRACT.md, "Hosts": `PIPECAT_DASHBOARD_HOST`, else the public dashboard. */
export function dashboardHostFrom(env: NodeJS.ProcessEnv): string {
  return (env['PIPECAT_DASHBOARD_HOST'] || DEFAULT_DASHBOARD_HOST).replace(/\/+$/, '');
}
