import type { MenuItemConstructorOptions } from 'electron';
import type { AccountView } from '../../ipc/contract.js';
import type { ActionCall } from '../../ipc/actions.js';
import { bindMenu } from '../menu/index.js';
import { trayBehaviour, trayPresentation, type TrayBehaviour } from './tray-presentation.js';

/** The parts of Electron's Tray the controller uses; `M` is Electron's Menu (a fake in tests). */
export interface TrayLike<M> {
  setImage(image: string): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: M | null): void;
  popUpContextMenu(menu?: M): void;
  on(event: 'click' | 'right-click', listener: () => void): unknown;
}

export interface TrayControllerOptions<M> {
  tray: TrayLike<M>;
  /** `Menu.buildFromTemplate`. */
  buildMenu(template: MenuItemConstructorOptions[]): M;
  platform: NodeJS.Platform;
  iconDirectory: string;
  /** The image the tray was created with. */
  initialIcon?: string;
  dispatch(action: ActionCall): void;
  openAccount(): void;
  now(): number;
}

/**
 * Keeps the tray icon, tooltip and menu equal to the account view. Every render builds a new menu
 * and sets it again, because Linux trays (StatusNotifierItem / AppIndicator) only pick up a menu when it is
 * set; `tick()` renders the last view again, for the countdowns in the labels.
 */
export class TrayController<M> {
  #view: AccountView | undefined;
  #menu: M | undefined;
  #icon: string | undefined;
  readonly #behaviour: TrayBehaviour;

  constructor(private readonly options: TrayControllerOptions<M>) {
    this.#behaviour = trayBehaviour(options.platform);
    this.#icon = options.initialIcon;
    const { tray } = options;
    if (this.#behaviour.leftClickOpensAccount) tray.on('click', () => options.openAccount());
    if (this.#behaviour.menu === 'pop-up') {
      tray.on('right-click', () => {
        if (this.#menu !== undefined) tray.popUpContextMenu(this.#menu);
      });
    }
  }

  render(view: AccountView): void {
    this.#view = view;
    const { tray, platform, iconDirectory, now, buildMenu, dispatch } = this.options;
    const shown = trayPresentation(view, platform, iconDirectory, now());
    // Setting the same image again makes some Linux panels flicker.
    if (shown.icon !== this.#icon) {
      tray.setImage(shown.icon);
      this.#icon = shown.icon;
    }
    tray.setToolTip(shown.tooltip);
    this.#menu = buildMenu(bindMenu(shown.menu, dispatch));
    if (this.#behaviour.menu === 'attached') tray.setContextMenu(this.#menu);
  }

  /** Renders the last view again (the menu after a click, the countdowns every minute). */
  tick(): void {
    if (this.#view) this.render(this.#view);
  }
}
