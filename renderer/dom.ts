import { displayText } from '../main/shared/display-text.js';

type ElementType<T extends HTMLElement> = { new (): T; readonly name: string };

/** The element with this id, of this type; a page that lacks it is a build mistake, so it throws. */
export function byId<T extends HTMLElement>(id: string, type: ElementType<T>): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`#${id} is missing or is not a ${type.name}`);
  return found;
}

/**
 * Sets text only when it changed, so assistive technology is not told about non-changes.
 * textContent is never HTML, but a bidi override or a control character would still rearrange
 * what is read: every text a window shows comes through here, made safe by displayText.
 */
export function setText(element: HTMLElement, text: string): void {
  const safe = displayText(text);
  if (element.textContent !== safe) element.textContent = safe;
}

export function show(element: HTMLElement, visible: boolean): void {
  element.hidden = !visible;
}
