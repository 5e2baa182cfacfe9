import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';

import type {
  DnsView,
  FetchView,
  IndicatorEnrichmentView,
  LivenessView,
  RdapView,
} from '../../services/indicator-enrichment.service.ts';

/*
 * Every value shown here came from a reported, hostile site, its DNS or its registry. The panel
 * renders them as escaped text only: no value becomes an href, a src, a style or markup, so a
 * `javascript:` URL or a `<script>` title shows as plain characters and nothing is clickable.
 */

function Value({ value }: { value: string | number | null | undefined }) {
  return value === null || value === undefined || value === '' ? <span>-</span> : <>{value}</>;
}

/** Renders a URL or host as inert text in `<code>`, never as a link. */
function Inert({ value }: { value: string | null | undefined }) {
  return value === null || value === undefined || value === '' ? (
    <span>-</span>
  ) : (
    <code class="inert">{value}</code>
  );
}

function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function List({ items }: { items: readonly string[] }) {
  if (items.length === 0) {
    return <span>-</span>;
  }
  return (
    <ul>
      {items.map((item) => (
        <li>
          <code class="inert">{item}</code>
        </li>
      ))}
    </ul>
  );
}

function StepNote({ step }: { step: { status: string; checkedAt: string; error: string | null } }) {
  return (
    <p class="step-status">
      {`${step.status}, ${step.checkedAt.slice(0, 16).replace('T', ' ')} UTC`}
      {step.error === null ? null : `: ${step.error}`}
    </p>
  );
}

function FetchSection({ fetch }: { fetch: FetchView | null }) {
  if (fetch === null) {
    return <p>Not fetched.</p>;
  }
  return (
    <>
      <StepNote step={fetch} />
      <dl>
        <Row label="Final URL">
          <Inert value={fetch.finalUrl} />
        </Row>
        <Row label="HTTP status">
          <Value value={fetch.httpStatus} />
        </Row>
        <Row label="Title">
          <Value value={fetch.title} />
        </Row>
        <Row label="Content type">
          <Value value={fetch.contentType} />
        </Row>
        <Row label="Content SHA-256">
          <Value value={fetch.sha256} />
        </Row>
        <Row label="Favicon SHA-256">
          <Value value={fetch.faviconSha256} />
        </Row>
        <Row label="TLS certificate">
          {fetch.tls === null ? (
            <span>-</span>
          ) : (
            <>
              {`issued by ${fetch.tls.issuer ?? '?'} to ${fetch.tls.subject ?? '?'}, `}
              {`valid ${fetch.tls.validFrom ?? '?'} to ${fetch.tls.validTo ?? '?'}`}
              {fetch.tls.authorized ? ', verified' : ', not verified'}
            </>
          )}
        </Row>
        <Row label="Time taken">
          <Value value={fetch.durationMs === null ? null : `${fetch.durationMs} ms`} />
        </Row>
      </dl>
      {fetch.redirectChain.length === 0 ? null : (
        <table class="redirect-chain">
          <caption>Redirect chain</caption>
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Address</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {fetch.redirectChain.map((hop) => (
              <tr>
                <td>
                  <Inert value={hop.url} />
                </td>
                <td>
                  <Value value={hop.address} />
                </td>
                <td>
                  <Value value={hop.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function DnsSection({ dns }: { dns: DnsView | null }) {
  if (dns === null) {
    return <p>No DNS lookup yet.</p>;
  }
  return (
    <>
      <StepNote step={dns} />
      <dl>
        <Row label="A">
          <List items={dns.a} />
        </Row>
        <Row label="AAAA">
          <List items={dns.aaaa} />
        </Row>
        <Row label="CNAME">
          <List items={dns.cname} />
        </Row>
        <Row label="NS">
          <List items={dns.ns} />
        </Row>
        <Row label="MX">
          <List items={dns.mx.map((mx) => `${mx.priority ?? '?'} ${mx.exchange}`)} />
        </Row>
      </dl>
    </>
  );
}

function RdapSection({ rdap }: { rdap: RdapView | null }) {
  if (rdap === null) {
    return <p>No registration data yet.</p>;
  }
  return (
    <>
      <StepNote step={rdap} />
      <dl>
        <Row label="Registrar">
          <Value value={rdap.registrar} />
        </Row>
        <Row label="Created">
          <Value value={rdap.creationDate} />
        </Row>
        <Row label="Expires">
          <Value value={rdap.expirationDate} />
        </Row>
        <Row label="Status">
          <Value value={rdap.registrationStatus.join(', ')} />
        </Row>
        <Row label="Abuse contact">
          <Value value={rdap.abuseEmail} />
        </Row>
        <Row label="Network">
          <Value value={rdap.networkName} />
          {rdap.startAddress === null
            ? null
            : ` (${rdap.startAddress} - ${rdap.endAddress ?? '?'})`}
        </Row>
        <Row label="ASN">
          <Value value={rdap.asn === null ? null : `AS${rdap.asn}`} />
        </Row>
        <Row label="RDAP server">
          <Inert value={rdap.server} />
        </Row>
      </dl>
    </>
  );
}

function LookalikeSection({ lookalike }: { lookalike: IndicatorEnrichmentView['lookalike'] }) {
  if (lookalike === null) {
    return <p>Not checked against protected brands.</p>;
  }
  return (
    <>
      {lookalike.officialBrand === null ? null : (
        <p>{`An official domain of ${lookalike.officialBrand}.`}</p>
      )}
      {lookalike.suppressed === null ? null : <p>{`Suppressed: ${lookalike.suppressed}`}</p>}
      {lookalike.hits.length === 0 ? (
        <p>No lookalike found.</p>
      ) : (
        <table class="lookalike-hits">
          <thead>
            <tr>
              <th scope="col">Brand</th>
              <th scope="col">Rule</th>
              <th scope="col">Evidence</th>
            </tr>
          </thead>
          <tbody>
            {lookalike.hits.map((hit) => (
              <tr>
                <td>{hit.brand}</td>
                <td>{hit.rule}</td>
                <td>{hit.evidence}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function LivenessSection({ liveness }: { liveness: LivenessView | null }) {
  if (liveness === null) {
    return <p>Not listed, so not re-checked.</p>;
  }
  return (
    <dl>
      <Row label="Listing">{`${liveness.listingStatus}, listed ${liveness.listedAt}`}</Row>
      <Row label="Taken down">
        <Value value={liveness.takenDownAt ?? 'no, still reachable at the last check'} />
      </Row>
      <Row label="Failed checks in a row">{liveness.checkFailures}</Row>
      <Row label="Last checked">
        <Value value={liveness.lastCheckedAt} />
      </Row>
      <Row label="Next check">
        <Value value={liveness.nextCheckAt} />
      </Row>
    </dl>
  );
}

/** Renders the enrichment of one indicator as a section of the console's case page. */
export function EnrichmentPanel({ enrichment }: { enrichment: IndicatorEnrichmentView }) {
  const { indicator } = enrichment;
  return (
    <section class="enrichment" data-indicator-id={String(indicator.id)}>
      <h3>
        {'Enrichment of '}
        <Inert value={indicator.value} />
      </h3>
      <h4>Lookalike brands</h4>
      <LookalikeSection lookalike={enrichment.lookalike} />
      <h4>Page</h4>
      <FetchSection fetch={enrichment.fetch} />
      <h4>DNS</h4>
      <DnsSection dns={enrichment.dns} />
      <h4>Registration (RDAP)</h4>
      <RdapSection rdap={enrichment.rdap} />
      <h4>Liveness</h4>
      <LivenessSection liveness={enrichment.liveness} />
    </section>
  );
}

/** Renders `EnrichmentPanel` to an HTML fragment. */
export function renderEnrichmentPanel(enrichment: IndicatorEnrichmentView): string {
  return renderToString(<EnrichmentPanel enrichment={enrichment} />);
}
