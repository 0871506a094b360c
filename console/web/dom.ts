/** A tiny element builder: h('td', { class: 'num' }, '42'). Text is always set as text, never as HTML. */
type Child = Node | string | number | null | undefined | false | Child[];
type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

export function h(tag: string, attributes: Attributes = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(parent: HTMLElement, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : String(child));
  }
}

export function replace(target: HTMLElement, ...children: Child[]): void {
  target.replaceChildren();
  append(target, children);
}

/** 12:34:56.789 in local time. */
export function clock(at: string | number | undefined): string {
  if (at === undefined) return '—';
  const d = new Date(at);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function rate(perSecond: number | undefined): string {
  if (perSecond === undefined) return '…';
  return perSecond === 0 ? '0/s' : `${perSecond < 10 ? perSecond.toFixed(1) : Math.round(perSecond)}/s`;
}

export function table(headers: string[], rows: HTMLElement[], numeric: number[] = []): HTMLElement {
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((title, i) => h('th', { class: numeric.includes(i) ? 'num' : undefined }, title)),
      ),
    ),
    h('tbody', {}, rows),
  );
}
