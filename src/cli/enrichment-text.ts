import type { IndicatorEnrichmentView } from '../services/indicator-enrichment.service.ts';

/**
 * Control characters, including escape sequences that would drive the terminal and bidi
 * overrides that would reorder what it shows. Values from hostile sites lose them.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function clean(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') {
    return '-';
  }
  return String(value).replace(UNPRINTABLE, '?');
}

function joined(values: readonly string[]): string {
  return values.length === 0 ? '-' : values.map(clean).join(', ');
}

function line(label: string, value: string): string {
  return `  ${`${label}:`.padEnd(18)}${value}\n`;
}

function stepLine(step: { status: string; checkedAt: string; error: string | null }): string {
  const error = step.error === null ? '' : ` (${clean(step.error)})`;
  return line('result', `${step.status} at ${step.checkedAt}${error}`);
}

/**
 * Formats one indicator's enrichment for a terminal: lookalikes, DNS records, registration
 * data, the page fetched and liveness, one labelled value a line, with control characters
 * from hostile values replaced by `?`.
 */
export function formatEnrichment(view: IndicatorEnrichmentView): string {
  const { indicator, lookalike, dns, rdap, fetch, liveness } = view;
  let text = `${indicator.kind} ${clean(indicator.value)} (indicator ${indicator.id})\n`;

  text += '\nlookalike brands\n';
  if (lookalike === null) {
    text += '  not checked\n';
  } else {
    if (lookalike.officialBrand !== null) {
      text += line('official domain', clean(lookalike.officialBrand));
    }
    if (lookalike.suppressed !== null) {
      text += line('suppressed', clean(lookalike.suppressed));
    }
    for (const hit of lookalike.hits) {
      text += line(clean(hit.brand), `${clean(hit.rule)}: ${clean(hit.evidence)}`);
    }
    if (lookalike.hits.length === 0 && lookalike.suppressed === null) {
      text += '  nothing found\n';
    }
  }

  text += '\ndns\n';
  if (dns === null) {
    text += '  not looked up\n';
  } else {
    text += stepLine(dns);
    text += line('A', joined(dns.a));
    text += line('AAAA', joined(dns.aaaa));
    text += line('CNAME', joined(dns.cname));
    text += line('NS', joined(dns.ns));
    text += line('MX', joined(dns.mx.map((mx) => `${mx.priority ?? '?'} ${mx.exchange}`)));
  }

  text += '\nregistration (rdap)\n';
  if (rdap === null) {
    text += '  not looked up\n';
  } else {
    text += stepLine(rdap);
    text += line('registrar', clean(rdap.registrar));
    text += line('created', clean(rdap.creationDate));
    text += line('expires', clean(rdap.expirationDate));
    text += line('status', joined(rdap.registrationStatus));
    text += line('abuse contact', clean(rdap.abuseEmail));
    text += line('name servers', joined(rdap.nameservers));
    text += line('network', clean(rdap.networkName));
    text += line('ASN', rdap.asn === null ? '-' : `AS${rdap.asn}`);
    text += line('server', clean(rdap.server));
  }

  if (indicator.kind === 'url') {
    text += '\npage\n';
    if (fetch === null) {
      text += '  not fetched\n';
    } else {
      text += stepLine(fetch);
      for (const hop of fetch.redirectChain) {
        text += line('hop', `${clean(hop.status)} ${clean(hop.url)} via ${clean(hop.address)}`);
      }
      text += line('final URL', clean(fetch.finalUrl));
      text += line('title', clean(fetch.title));
      text += line('SHA-256', clean(fetch.sha256));
      text += line('favicon SHA-256', clean(fetch.faviconSha256));
      if (fetch.tls !== null) {
        text += line('TLS issuer', clean(fetch.tls.issuer));
        text += line('TLS valid', `${clean(fetch.tls.validFrom)} to ${clean(fetch.tls.validTo)}`);
      }
    }
  }

  if (liveness !== null) {
    text += '\nliveness\n';
    text += line('listing', `${liveness.listingStatus}, listed ${liveness.listedAt}`);
    text += line('taken down', clean(liveness.takenDownAt));
    text += line('failed checks', String(liveness.checkFailures));
    text += line('next check', clean(liveness.nextCheckAt));
  }
  return text;
}
