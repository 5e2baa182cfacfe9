import { Type } from 'typebox';

/** The body of every JSON API error. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable error code, such as INVALID_INDICATOR' }),
      message: Type.String({ description: 'What is wrong and what to do, naming the field' }),
      field: Type.Optional(Type.String({ description: 'The input field at fault' })),
      requestId: Type.String({ description: 'Echoed in the x-request-id header' }),
    }),
  },
  { $id: 'ErrorBody' },
);
