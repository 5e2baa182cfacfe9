import { VigilError } from '../../errors.ts';

/** Values for the placeholders of a problem's message. */
export type ProblemParams = Readonly<Record<string, string | number>>;

/**
 * Invalid input on one field, with a problem key that pages and the API turn
 * into words in the reader's language (`problem.<key>` in the portal's
 * messages). The English message is for logs and for callers that do not
 * translate.
 */
export class InputProblem extends VigilError {
  constructor(
    field: string,
    readonly problem: string,
    message: string,
    readonly params: ProblemParams = {},
  ) {
    super('INVALID_INPUT', message, field);
  }
}

export function isInputProblem(error: unknown): error is InputProblem {
  return error instanceof InputProblem;
}

/**
 * Several problems found in one submission. It is itself the first problem,
 * so a caller that reports one field (as the JSON API does) needs nothing
 * else, and a form can mark every field in `problems`.
 */
export class InputProblemList extends InputProblem {
  constructor(readonly problems: readonly InputProblem[]) {
    const first = problems[0]!;
    super(first.field!, first.problem, first.message, first.params);
  }
}

/**
 * Runs each check and collects the InputProblems they throw. Returns the
 * results when none failed; throws an InputProblemList otherwise. Errors other
 * than InputProblem pass through.
 */
export function collectProblems<T extends readonly unknown[]>(checks: {
  [K in keyof T]: () => T[K];
}): T {
  const problems: InputProblem[] = [];
  const results = checks.map((check) => {
    try {
      return check();
    } catch (error) {
      if (!isInputProblem(error)) {
        throw error;
      }
      problems.push(...(error instanceof InputProblemList ? error.problems : [error]));
      return undefined;
    }
  });
  if (problems.length > 0) {
    throw new InputProblemList(problems);
  }
  return results as unknown as T;
}
