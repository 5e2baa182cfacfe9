/**
 * The reason an internal canonicalization step rejected its input. Steps return it instead of an
 * IndicatorError because they do not know the raw input or the kind it was read as, so the public
 * function wraps it. Fixed reasons are module constants, which the reject path does not allocate.
 */
export class Rejection {
  constructor(readonly reason: string) {}
}
