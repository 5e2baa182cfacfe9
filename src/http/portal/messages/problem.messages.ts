import { defineMessages } from '../i18n.ts';

/**
 * Field names and problems of invalid input, so errors read as
 * "<field>: <problem>" in the reader's language. Keys follow the problem
 * codes of InputProblem.
 */
export const problemMessages = defineMessages({
  vi: {
    'field.indicators': 'Nội dung báo cáo',
    'field.indicator': 'Mục {number}',
    'field.category': 'Hình thức',
    'field.channel': 'Nơi bạn gặp',
    'field.seenAt': 'Thời gian',
    'field.description': 'Chuyện gì đã xảy ra',
    'field.moneyLost': 'Mất tiền',
    'field.amountLost': 'Số tiền bị mất',
    'field.contact': 'Cách liên lạc',
    'field.screenshots': 'Ảnh chụp màn hình',
    'field.altcha': 'Kiểm tra chống spam',
    'field.value': 'Nội dung cần kiểm tra',
    'field.form': 'Biểu mẫu',
    'problem.required': 'chưa được điền',
    'problem.invalid': 'không hợp lệ',
    'problem.invalid_choice': 'hãy chọn một trong các lựa chọn',
    'problem.too_long': 'quá dài, tối đa {max} ký tự',
    'problem.too_many': 'tối đa {max} mục cho một báo cáo',
    'problem.no_indicator':
      'hãy điền ít nhất một đường link, số điện thoại, tài khoản, trang, ứng dụng hoặc tin nhắn',
    'problem.value_link': 'đây không phải là một đường link hoặc tên miền hợp lệ',
    'problem.value_phone': 'đây không phải là một số điện thoại hợp lệ',
    'problem.value_bank_account':
      'hãy ghi tên ngân hàng rồi số tài khoản (6 đến 19 chữ số), ví dụ: VCB 0011001234567',
    'problem.value_email': 'đây không phải là một địa chỉ e-mail hợp lệ',
    'problem.value_social_profile':
      'hãy dán đường link tới trang cá nhân, ví dụ https://facebook.com/ten-trang',
    'problem.value_app': 'hãy dán đường link tới ứng dụng trên Google Play hoặc App Store',
    'problem.date_invalid': 'hãy ghi ngày theo dạng 31/05/2026',
    'problem.date_future': 'ngày này ở trong tương lai',
    'problem.amount_invalid': 'chỉ ghi chữ số, ví dụ 1500000',
    'problem.image_empty': 'tệp trống',
    'problem.image_too_large': 'tệp lớn hơn {megabytes} MB; hãy gửi ảnh nhỏ hơn',
    'problem.image_type': 'chỉ nhận ảnh PNG, JPEG hoặc WebP',
    'problem.image_dimensions': 'ảnh quá lớn (quá 40 triệu điểm ảnh)',
    'problem.image_corrupt': 'không đọc được ảnh; hãy chụp lại màn hình',
    'problem.too_many_images': 'tối đa {max} ảnh cho một báo cáo',
    'problem.proof_invalid': 'đã hết hạn hoặc không đúng; hãy tải lại trang rồi gửi lại',
    'problem.csrf': 'trang đã hết hạn; hãy tải lại trang rồi gửi lại',
    'problem.rate_limited': 'bạn đã gửi quá nhiều báo cáo trong một giờ; hãy thử lại sau',
    'problem.value_rate_limited':
      'nội dung này đã được nhiều người báo cáo trong giờ qua và đang được xem xét',
    'problem.check_invalid':
      'không nhận ra đây là đường link, số điện thoại, e-mail hay tài khoản ngân hàng',
  },
  en: {
    'field.indicators': 'What you report',
    'field.indicator': 'Item {number}',
    'field.category': 'Kind of scam',
    'field.channel': 'Where you saw it',
    'field.seenAt': 'When',
    'field.description': 'What happened',
    'field.moneyLost': 'Money lost',
    'field.amountLost': 'Amount lost',
    'field.contact': 'How to reach you',
    'field.screenshots': 'Screenshots',
    'field.altcha': 'Anti-spam check',
    'field.value': 'Value to check',
    'field.form': 'Form',
    'problem.required': 'is required',
    'problem.invalid': 'is invalid',
    'problem.invalid_choice': 'choose one of the options',
    'problem.too_long': 'is too long; the limit is {max} characters',
    'problem.too_many': 'at most {max} items per report',
    'problem.no_indicator':
      'name at least one link, phone number, account, profile, app or message',
    'problem.value_link': 'is not a valid link or domain name',
    'problem.value_phone': 'is not a valid phone number',
    'problem.value_bank_account':
      'write the bank, then the account number (6 to 19 digits), such as VCB 0011001234567',
    'problem.value_email': 'is not a valid e-mail address',
    'problem.value_social_profile':
      'paste the link to the profile, such as https://facebook.com/page-name',
    'problem.value_app': 'paste the link to the app on Google Play or the App Store',
    'problem.date_invalid': 'write the date as 2026-05-31',
    'problem.date_future': 'this date is in the future',
    'problem.amount_invalid': 'write digits only, such as 1500000',
    'problem.image_empty': 'the file is empty',
    'problem.image_too_large': 'the file is larger than {megabytes} MB; send a smaller image',
    'problem.image_type': 'only PNG, JPEG or WebP images are accepted',
    'problem.image_dimensions': 'the image is too large (over 40 million pixels)',
    'problem.image_corrupt': 'the image could not be read; take the screenshot again',
    'problem.too_many_images': 'at most {max} images per report',
    'problem.proof_invalid': 'expired or failed; reload the page and send again',
    'problem.csrf': 'the page expired; reload it and send again',
    'problem.rate_limited': 'you sent too many reports this hour; try again later',
    'problem.value_rate_limited':
      'many people reported this in the last hour, and it is being looked at',
    'problem.check_invalid':
      'is not a link, phone number, e-mail address or bank account we recognise',
  },
});
