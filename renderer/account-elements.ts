import { byId } from './dom.js';

/** Every element of account.html the script reads or writes, found once at start. */
export function accountElements() {
  return {
    main: byId('main', HTMLElement),
    apiHost: byId('api-host', HTMLElement),
    badge: byId('badge', HTMLElement),
    signedOut: byId('signed-out', HTMLElement),
    expiredDefault: byId('expired-default', HTMLElement),
    expiredReason: byId('expired-reason', HTMLElement),
    problem: byId('problem', HTMLElement),
    problemText: byId('problem-text', HTMLElement),
    signIn: byId('sign-in', HTMLButtonElement),
    usePat: byId('use-pat', HTMLButtonElement),
    signingIn: byId('signing-in', HTMLElement),
    signInLink: byId('sign-in-link', HTMLInputElement),
    copyLink: byId('copy-link', HTMLButtonElement),
    cancelSignIn: byId('cancel-sign-in', HTMLButtonElement),
    pasteAddressForm: byId('paste-address-form', HTMLFormElement),
    pasteAddress: byId('paste-address', HTMLInputElement),
    pasteAddressSubmit: byId('paste-address-submit', HTMLButtonElement),
    pasteAddressError: byId('paste-address-error', HTMLElement),
    signedIn: byId('signed-in', HTMLElement),
    avatar: byId('avatar', HTMLElement),
    accountName: byId('account-name', HTMLElement),
    method: byId('method', HTMLElement),
    expiry: byId('expiry', HTMLElement),
    attention: byId('attention', HTMLElement),
    attentionText: byId('attention-text', HTMLElement),
    organization: byId('organization', HTMLSelectElement),
    refresh: byId('refresh', HTMLButtonElement),
    dashboard: byId('dashboard', HTMLButtonElement),
    signOut: byId('sign-out', HTMLButtonElement),
    environment: byId('environment', HTMLSelectElement),
    customHostForm: byId('custom-host-form', HTMLFormElement),
    customHost: byId('custom-host', HTMLInputElement),
    customHostError: byId('custom-host-error', HTMLElement),
    customHostApply: byId('custom-host-apply', HTMLButtonElement),
    startAtLogin: byId('start-at-login', HTMLInputElement),
    status: byId('status', HTMLElement),
    patDialog: byId('pat-dialog', HTMLDialogElement),
  };
}

export type AccountElements = ReturnType<typeof accountElements>;
