import type { AppealOutcome } from './appeal.ts';

export interface AppealOutcomeMailInput {
  readonly language: string;
  readonly receipt: string;
  readonly outcome: AppealOutcome;
  readonly reasons: string;
  /** The public value of the listed indicator, masked as the archive shows it. */
  readonly indicator: string;
  /** The absolute URL of the appeal's status page. */
  readonly statusUrl: string;
}

const OUTCOME_TEXT: Readonly<Record<'vi' | 'en', Readonly<Record<AppealOutcome, string>>>> = {
  vi: {
    upheld: 'Quyết định được giữ nguyên.',
    delisted: 'Đối tượng đã được gỡ khỏi danh sách.',
    changed: 'Quyết định đã được thay đổi.',
  },
  en: {
    upheld: 'The decision is upheld.',
    delisted: 'The listing was removed.',
    changed: 'The decision was changed.',
  },
};

/**
 * Writes the plain-text e-mail that sends an appellant the outcome, in the
 * language of their appeal (Vietnamese unless it was English).
 */
export function appealOutcomeMail(input: AppealOutcomeMailInput): {
  subject: string;
  text: string;
} {
  const lang = input.language === 'en' ? 'en' : 'vi';
  if (lang === 'en') {
    return {
      subject: `Your appeal ${input.receipt} was decided`,
      text: [
        `Your appeal ${input.receipt} about ${input.indicator} was decided.`,
        OUTCOME_TEXT.en[input.outcome],
        '',
        'Reasons:',
        input.reasons,
        '',
        `Status page: ${input.statusUrl}`,
      ].join('\n'),
    };
  }
  return {
    subject: `Khiếu nại ${input.receipt} đã có kết quả`,
    text: [
      `Khiếu nại ${input.receipt} về ${input.indicator} đã được xem xét.`,
      OUTCOME_TEXT.vi[input.outcome],
      '',
      'Lý do:',
      input.reasons,
      '',
      `Trang theo dõi: ${input.statusUrl}`,
    ].join('\n'),
  };
}
