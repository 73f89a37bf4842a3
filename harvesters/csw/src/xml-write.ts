/** A tiny escaping XML writer for requests: values never reach the markup unescaped. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** `<name a="v">children</name>`; string children are escaped text, `Raw` children are markup we built. */
export function element(name: string, attrs: Record<string, string | number | undefined>, ...children: Array<string | Raw>): Raw {
  const attributes = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
  const content = children.map((child) => (typeof child === 'string' ? escapeXml(child) : child.xml)).join('');
  return { xml: `<${name}${attributes}>${content}</${name}>` };
}

/** Markup that is already safe (built by `element`, or a checked document). */
export interface Raw {
  xml: string;
}
