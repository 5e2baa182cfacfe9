import nodemailer, { type Transporter } from 'nodemailer';

export interface NoticeMail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** The JSON notice document, attached as `notice-<id>.json`. */
  readonly json: string;
  readonly noticeUuid: string;
  /** `notice` or `reminder`; each has its own Message-ID. */
  readonly purpose: string;
}

/** Creates an SMTP transport for `smtpUrl`, such as `smtp://127.0.0.1:2525` or `smtps://user:pass@host`. */
export function createMailer(smtpUrl: string): Transporter {
  return nodemailer.createTransport(smtpUrl);
}

/**
 * Sends a notice by e-mail: the readable text as the body and the JSON
 * document, with its X-ARF reports, as an attachment. The Message-ID comes
 * from the notice, so a receiving system sees a retried send as the same
 * message.
 */
export async function sendNoticeMail(transport: Transporter, mail: NoticeMail): Promise<void> {
  const domain = mail.from.slice(mail.from.lastIndexOf('@') + 1) || 'vigil.invalid';
  await transport.sendMail({
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    messageId: `<${mail.purpose}-${mail.noticeUuid}@${domain}>`,
    headers: { 'X-XARF': 'PLAIN' },
    attachments: [
      {
        filename: `notice-${mail.noticeUuid}.json`,
        content: mail.json,
        contentType: 'application/json; charset=utf-8',
      },
    ],
  });
}
