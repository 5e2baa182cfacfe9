import { Type } from 'typebox';

import { INDICATOR_KINDS } from '../../domain/indicators/indicator.ts';
import { MATCH_TYPES } from '../../domain/lookup/match.ts';
import { NullableString, StringEnum } from './schema-helpers.ts';

export const LookupQuery = Type.Object({
  value: Type.String({
    minLength: 1,
    maxLength: 8192,
    description: 'A URL, domain, IP address, e-mail address, phone number or bank account',
  }),
  kind: Type.Optional(
    StringEnum(INDICATOR_KINDS, {
      description: 'Read the value as this kind instead of detecting it',
    }),
  ),
});

// No `format` here: response schemas only serialize, and a date-time format
// makes the serializer parse every timestamp.
const Timestamp = Type.String({ description: 'ISO 8601 time in UTC' });

const LookupMatch = Type.Object({
  kind: Type.String(),
  value: Type.String({ description: 'The listed indicator in canonical form' }),
  match: StringEnum(MATCH_TYPES, { description: 'How the listed indicator matched the value' }),
  expression: Type.String({ description: 'The lookup expression that matched' }),
  category: Type.String(),
  decided_by: Type.String({ description: 'feed for an automated listing, person for a decision' }),
  tlp: Type.String(),
  listed_at: Timestamp,
  expires_at: Timestamp,
});

const LookupSource = Type.Object({
  name: Type.String({ description: 'The feed, file, report or partner that named it' }),
  category: NullableString(),
  first_seen: Timestamp,
  last_seen: Timestamp,
});

export const LookupResponse = Type.Object(
  {
    kind: Type.String(),
    canonical: Type.String(),
    listed: Type.Boolean(),
    matches: Type.Array(LookupMatch),
    category: NullableString(),
    sources: Type.Array(LookupSource),
    first_seen: NullableString({ description: 'ISO 8601 time in UTC' }),
    last_seen: NullableString({ description: 'ISO 8601 time in UTC' }),
  },
  { $id: 'LookupResponse' },
);
