import { displayValue } from '../indicators/parse-indicator.ts';
import type { IndicatorKind } from '../indicators/indicator.ts';
import { CATEGORY_LABELS, isCategory } from '../taxonomy.ts';
import type { NoticeAction } from './notice-action.ts';
import type { NoticeContext } from './notice-document.ts';

type Language = 'vi' | 'en';

const ACTION_TEXT: Readonly<Record<NoticeAction, Record<Language, string>>> = {
  block: {
    en: 'Block access to the indicators below on your network.',
    vi: 'Chặn truy cập tới các dấu hiệu dưới đây trên mạng của quý đơn vị.',
  },
  take_down: {
    en: 'Remove the content or service below from your platform or hosting.',
    vi: 'Gỡ bỏ nội dung hoặc dịch vụ dưới đây khỏi nền tảng hoặc máy chủ của quý đơn vị.',
  },
  suspend: {
    en: 'Suspend the domain names or subscriptions below.',
    vi: 'Tạm ngừng các tên miền hoặc thuê bao dưới đây.',
  },
  freeze: {
    en: 'Review and, where the law allows, freeze the accounts below.',
    vi: 'Rà soát và, trong phạm vi pháp luật cho phép, phong tỏa các tài khoản dưới đây.',
  },
  label: {
    en: 'Show a warning label on the content below.',
    vi: 'Gắn nhãn cảnh báo cho nội dung dưới đây.',
  },
  lift: {
    en: 'The earlier decision was withdrawn: lift any block or suspension you applied for it.',
    vi: 'Quyết định trước đã được rút lại: xin gỡ bỏ mọi biện pháp chặn hoặc tạm ngừng đã áp dụng.',
  },
  inform: {
    en: 'For your information; no action is requested.',
    vi: 'Để quý đơn vị biết; không yêu cầu hành động.',
  },
};

const WORDS = {
  en: {
    subject: 'Notice',
    reminder: 'Reminder',
    followUp: 'Follow-up to notice',
    greeting: (name: string) => `To ${name},`,
    decision: 'Decision',
    category: 'Category',
    legalBasis: 'Legal basis',
    tlp: 'Marking',
    reasons: 'Statement of reasons',
    indicators: 'Indicators',
    due: 'Please answer by',
    respond:
      'Answer with acknowledged, actioned (say what was done) or declined (give the reason) at',
    expires: 'The listing expires or is reviewed on',
  },
  vi: {
    subject: 'Thông báo',
    reminder: 'Nhắc lại',
    followUp: 'Tiếp theo thông báo',
    greeting: (name: string) => `Kính gửi ${name},`,
    decision: 'Quyết định',
    category: 'Loại vi phạm',
    legalBasis: 'Căn cứ pháp lý',
    tlp: 'Mức chia sẻ',
    reasons: 'Lý do',
    indicators: 'Dấu hiệu',
    due: 'Xin phản hồi trước',
    respond:
      'Phản hồi: đã tiếp nhận (acknowledged), đã xử lý (actioned, nêu việc đã làm) hoặc từ chối (declined, nêu lý do) tại',
    expires: 'Thời hạn hoặc ngày xem xét lại',
  },
} as const;

/**
 * Writes the readable part of a notice in the organisation's language: what
 * was decided and why, the indicators, what is asked, and by when. Values are
 * shown as text; a mail client or page that displays them must escape them.
 */
export function noticeText(
  context: NoticeContext,
  respondUrl: string,
): { subject: string; body: string } {
  const language = context.organisation.language;
  const words = WORDS[language];
  const { decision, notice } = context;
  const category = isCategory(decision.category)
    ? CATEGORY_LABELS[decision.category][language]
    : decision.category;
  const prefix = context.reminder ? `${words.reminder}: ` : '';
  const subject = `${prefix}${context.operator.name} ${words.subject} #${notice.id} [${notice.tlp}]: ${category}`;

  const lines = [
    words.greeting(context.organisation.name),
    '',
    ACTION_TEXT[notice.actionRequested][language],
    '',
    `${words.decision}: #${decision.id} (${decision.verdict}, ${decision.action})`,
    `${words.category}: ${category}`,
    `${words.legalBasis}: ${decision.legalBasis}`,
    `${words.tlp}: ${notice.tlp}`,
  ];
  if (notice.followUpOf !== null) {
    lines.push(`${words.followUp}: ${notice.followUpOf}`);
  }
  if (decision.expiresAt !== null) {
    lines.push(`${words.expires}: ${decision.expiresAt}`);
  }
  lines.push('', `${words.reasons}:`, decision.reasons, '', `${words.indicators}:`);
  for (const indicator of context.indicators) {
    const shown = displayValue({ kind: indicator.kind as IndicatorKind, value: indicator.value });
    lines.push(`- ${indicator.kind}: ${shown}`);
  }
  lines.push('', `${words.due}: ${notice.dueAt}`, `${words.respond}: ${respondUrl}`, '');
  lines.push(`-- ${context.operator.name} <${context.operator.email}>`, '');
  return { subject: subject.replace(/[\r\n]+/g, ' '), body: lines.join('\n') };
}
