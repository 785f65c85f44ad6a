/**
 * The tray menu's fixed wording that is not an action's own label (those are declared with the
 * action, in main/ipc/actions.ts), in one place for the template and its tests.
 */
export const MENU_LABELS = Object.freeze({
  waitingForBrowser: 'Waiting for browser…',
  oauth: 'Signed in with OAuth',
  pat: 'Personal access token',
  organization: 'Organization',
  noOrganization: 'No organization',
  environment: 'Environment',
  production: 'Production',
  staging: 'Staging',
  custom: 'Custom…',
  sessionExpired: 'Session expired · Sign in again',
  unknownProblem: 'Something needs attention',
});
