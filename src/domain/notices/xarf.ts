import { nameUuid } from '../exports/name-uuid.ts';
import { splitCanonicalUrl } from '../indicators/url.canonical.ts';
import type { NoticeContext } from './notice-document.ts';

/** An X-ARF v4 report; fields beyond the core depend on its category and type. */
export type XarfReport = Readonly<Record<string, unknown>> & {
  readonly xarf_version: string;
  readonly report_id: string;
  readonly category: string;
  readonly type: string;
};

const XARF_VERSION = '4.2.0';
const MAX_DESCRIPTION_LENGTH = 1000;
/** The `domain` field's pattern in the X-ARF v4 content schemas; punycode labels fail it. */
const XARF_DOMAIN = /^([a-z0-9]+(-[a-z0-9]+)*\.)+[a-z]{2,}$/;
const TAG_PART = /[^a-z0-9_+-]+/g;

/**
 * Builds the X-ARF v4 report for one indicator of a notice. URLs and domains
 * become `content` reports (phishing, malware, or fraud for every other
 * harm) that name the URL; other kinds, which X-ARF has no content type for,
 * become `reputation`/`blocklist` reports whose source identifier is the
 * value. The report id is derived from the notice and the indicator's
 * position, so a retried delivery repeats it.
 */
export function xarfReport(
  context: NoticeContext,
  indicator: { readonly kind: string; readonly value: string },
  index: number,
): XarfReport {
  const { decision, operator } = context;
  const contact = {
    org: operator.name.slice(0, 200),
    contact: operator.email,
    domain: operator.email.slice(operator.email.lastIndexOf('@') + 1),
  };
  const core = {
    xarf_version: XARF_VERSION,
    report_id: nameUuid(`xarf:${context.notice.uuid}:${index}`),
    timestamp: decision.effectiveAt,
    reporter: contact,
    sender: contact,
    evidence_source: decision.automated ? 'automated_discovery' : 'researcher_analysis',
    confidence: 1,
    description: truncate(decision.reasons, MAX_DESCRIPTION_LENGTH),
    tags: tags(context),
  };
  const url = urlOf(indicator);
  if (url === undefined) {
    return {
      ...core,
      source_identifier: indicator.value,
      category: 'reputation',
      type: 'blocklist',
      threat_type: decision.category,
    };
  }
  const host = indicator.kind === 'url' ? splitCanonicalUrl(url).host : indicator.value;
  const content = {
    ...core,
    source_identifier: host,
    category: 'content',
    url,
    ...(XARF_DOMAIN.test(host) && { domain: host }),
  };
  switch (decision.category) {
    case 'phishing':
      return { ...content, type: 'phishing' };
    case 'malware':
      return { ...content, type: 'malware' };
    default:
      return { ...content, type: 'fraud', fraud_type: fraudType(decision.category) };
  }
}

function urlOf(indicator: { readonly kind: string; readonly value: string }): string | undefined {
  if (indicator.kind === 'url') {
    return indicator.value;
  }
  return indicator.kind === 'domain' ? `http://${indicator.value}/` : undefined;
}

function fraudType(category: string): string {
  return category === 'fake_shop' ? 'shopping' : 'other';
}

function tags(context: NoticeContext): string[] {
  const list = [
    `tlp:${slug(context.notice.tlp.slice(4))}`,
    `category:${slug(context.decision.category)}`,
    `decision:${context.decision.id}`,
    `action:${slug(context.notice.actionRequested)}`,
  ];
  const basis = slug(context.decision.legalBasis);
  if (basis !== '') {
    list.push(`legal-basis:${basis}`);
  }
  return list;
}

/** Lowercases and replaces what X-ARF tags do not allow, so `TLP:AMBER+STRICT` gives `amber+strict`. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(TAG_PART, '-')
    .replace(/^[-_+]+|-+$/g, '');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
