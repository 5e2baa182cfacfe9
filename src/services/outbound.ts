import ipaddr from 'ipaddr.js';

import { VigilError } from '../errors.ts';

/**
 * Throws unless `url` may be reached. With outbound traffic on, any address
 * may. With VIGIL_OUTBOUND=off only a loopback address written as an IP
 * literal, or `localhost`, may, because looking a name up could itself leave
 * the machine. `purpose` names what was to be sent, for the message.
 */
export function assertOutboundAllowed(outbound: boolean, url: string, purpose: string): void {
  if (outbound) {
    return;
  }
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    host = '';
  }
  if (
    host === 'localhost' ||
    (ipaddr.isValid(host) && ipaddr.process(host).range() === 'loopback')
  ) {
    return;
  }
  throw new VigilError(
    'INVALID_INPUT',
    `${purpose} to ${host || url} was not sent because VIGIL_OUTBOUND=off allows loopback addresses only; set VIGIL_OUTBOUND=on to send it`,
    'VIGIL_OUTBOUND',
  );
}
