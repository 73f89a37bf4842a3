import { fallbackContext, shippedContext } from './shipped.js';

export { shippedContext } from './shipped.js';

/**
 * A JSON-LD document loader that serves the shipped contexts and never touches the network:
 * a DCAT harvest must not depend on a third host being up (data.gouv.fr lost many DCAT
 * harvests to one unreachable `@context`), nor let a document make us fetch arbitrary URLs.
 * A context we do not ship is read as the DCAT-AP context (DCAT documents mostly use its
 * prefixes and terms) and remembered, so the page can say so.
 */
export class ShippedContextLoader {
  readonly substituted = new Set<string>();

  async load(url: string): Promise<Record<string, unknown>> {
    const context = shippedContext(url);
    if (context) return structuredClone(context);
    this.substituted.add(url);
    return structuredClone(fallbackContext());
  }
}
