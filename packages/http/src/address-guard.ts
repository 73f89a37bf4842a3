import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * Refuses URLs that resolve to private, loopback, link-local or otherwise non-public addresses
 * (SSRF), unless the host or address is in the allow-list (`MOISSON_ALLOWED_HOSTS`: host names,
 * addresses or CIDRs).
 */
export class AddressGuard {
  private readonly hosts = new Set<string>();
  private readonly ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> = [];

  constructor(allowed: readonly string[] = []) {
    for (const raw of allowed) {
      const entry = raw.trim().toLowerCase();
      if (!entry) continue;
      if (entry.includes('/')) {
        try {
          this.ranges.push(ipaddr.parseCIDR(entry));
          continue;
        } catch {
          // not a CIDR: treated as a host name below
        }
      }
      if (ipaddr.isValid(entry)) this.ranges.push([ipaddr.parse(entry), ipaddr.parse(entry).kind() === 'ipv4' ? 32 : 128]);
      else this.hosts.add(entry);
    }
  }

  static fromEnv(value: string | undefined): AddressGuard {
    return new AddressGuard((value ?? '').split(','));
  }

  /** Throws with a reason a person understands when the URL may not be fetched. */
  async check(url: URL): Promise<void> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`only http and https URLs can be harvested, not ${url.protocol}`);
    }
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (this.hosts.has(host)) return;
    const addresses = ipaddr.isValid(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
    for (const address of addresses) {
      const parsed = ipaddr.process(address);
      if (this.ranges.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits))) continue;
      const kind = parsed.range();
      if (kind !== 'unicast') {
        throw new Error(
          `${url.host} resolves to ${address}, a ${kind} address; sources must be public ` +
            `(add it to MOISSON_ALLOWED_HOSTS to allow it)`,
        );
      }
    }
  }
}
