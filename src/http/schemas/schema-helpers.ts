import { type TUnsafe, Type } from 'typebox';

/** Builds a string schema limited to `values`, typed as their union. */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: { description?: string } = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/**
 * Builds a string-or-null schema as `type: ["string", "null"]` rather than
 * `anyOf`, because the response serializer checks each `anyOf` branch at run
 * time, which made serializing a lookup result markedly slower.
 */
export function NullableString(options: { description?: string } = {}): TUnsafe<string | null> {
  return Type.Unsafe<string | null>({ type: ['string', 'null'], ...options });
}
