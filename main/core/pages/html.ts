/** Markup that is already safe to put in a page: built by `markup` or wrapped on purpose by `trustedHtml`. */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

type Interpolation = string | SafeHtml | readonly SafeHtml[] | undefined;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** Marks one of this module's own constants (an SVG, the style sheet) as markup. Never use it on outside input. */
export function trustedHtml(source: string): SafeHtml {
  return new SafeHtml(source);
}

/**
 * A template tag that escapes every interpolated string, so text from outside (an email, a
 * provider's error message) cannot become markup by forgetting a call to escapeHtml. (Not named
 * `html`, which Prettier would reformat as a document and so change the hashed style sheet.)
 */
export function markup(strings: TemplateStringsArray, ...values: readonly Interpolation[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

function render(value: Interpolation): string {
  if (value === undefined) return '';
  if (value instanceof SafeHtml) return value.value;
  if (typeof value === 'string') return escapeHtml(value);
  return value.map((part) => part.value).join('');
}
