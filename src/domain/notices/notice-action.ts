/** The actions a notice can request from its organisation. */
export const NOTICE_ACTIONS = [
  'block',
  'take_down',
  'suspend',
  'freeze',
  'label',
  'lift',
  'inform',
] as const;
export type NoticeAction = (typeof NOTICE_ACTIONS)[number];

/** The kinds of organisation. */
export const ORGANISATION_KINDS = [
  'isp',
  'hosting',
  'registrar',
  'platform',
  'bank',
  'telco',
  'cert',
  'partner',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export function isOrganisationKind(value: string): value is OrganisationKind {
  return (ORGANISATION_KINDS as readonly string[]).includes(value);
}

const LISTING_ACTION: Readonly<Record<OrganisationKind, NoticeAction>> = {
  isp: 'block',
  hosting: 'take_down',
  registrar: 'suspend',
  platform: 'take_down',
  bank: 'freeze',
  telco: 'suspend',
  cert: 'inform',
  partner: 'inform',
};

/**
 * Returns the action a notice requests from an organisation of `kind` for a
 * decision with `decisionAction`, or undefined when the decision asks nothing
 * (action `none`). A delisting asks to lift what the earlier notice asked; a
 * warning label asks platforms to label and tells everyone else.
 */
export function noticeAction(
  decisionAction: string,
  kind: OrganisationKind,
): NoticeAction | undefined {
  switch (decisionAction) {
    case 'listed':
    case 'changed':
      return LISTING_ACTION[kind];
    case 'warning_label':
      return kind === 'platform' ? 'label' : 'inform';
    case 'delisted':
      return 'lift';
    default:
      return undefined;
  }
}
