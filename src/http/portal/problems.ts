import {
  type InputProblem,
  InputProblemList,
  isInputProblem,
} from '../../domain/reports/input-problem.ts';
import { hasMessage, type Lang, t } from './i18n.ts';
import './messages/problem.messages.ts';

/** One invalid field as a page or the API shows it. */
export interface FieldProblem {
  /** The field path, as the API names it (`indicators.0.value`). */
  readonly field: string;
  /** "<field>: <problem>" in the reader's language. */
  readonly message: string;
  /** The problem alone, for the text beside the field. */
  readonly problem: string;
}

/** Names a field path in the reader's language: `indicators.1.value` is "Item 2". */
export function fieldLabel(lang: Lang, field: string): string {
  const item = /^indicators\.(\d+)\./.exec(field);
  if (item !== null) {
    return t(lang, 'field.indicator', { number: Number(item[1]) + 1 });
  }
  const base = field.split('.')[0] ?? field;
  return hasMessage(`field.${base}`) ? t(lang, `field.${base}`) : base;
}

/** Words one problem in the reader's language, falling back to its English message. */
export function describeProblem(lang: Lang, problem: InputProblem): FieldProblem {
  const field = problem.field ?? 'form';
  const key = `problem.${problem.problem}`;
  const text = hasMessage(key) ? t(lang, key, problem.params) : problem.message;
  return { field, problem: text, message: `${fieldLabel(lang, field)}: ${text}` };
}

/** Lists every problem an error carries, or none when it is not an InputProblem. */
export function describeProblems(lang: Lang, error: unknown): FieldProblem[] {
  if (!isInputProblem(error)) {
    return [];
  }
  const problems = error instanceof InputProblemList ? error.problems : [error];
  return problems.map((problem) => describeProblem(lang, problem));
}
