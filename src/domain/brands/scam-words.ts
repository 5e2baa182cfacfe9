/**
 * Words that scam sites join to a brand's name (combosquatting), in English and in Vietnamese
 * written without diacritics, as they appear in host names. Separators are removed before
 * matching, so `khuyen-mai` matches `khuyenmai`.
 */
export const SCAM_WORDS: readonly string[] = [
  // English
  'login',
  'signin',
  'logon',
  'secure',
  'security',
  'verify',
  'verification',
  'validate',
  'account',
  'accounts',
  'update',
  'support',
  'online',
  'ebank',
  'ebanking',
  'banking',
  'ibank',
  'ibanking',
  'internet',
  'app',
  'apps',
  'mobile',
  'digital',
  'smart',
  'service',
  'services',
  'help',
  'helpdesk',
  'auth',
  'confirm',
  'wallet',
  'pay',
  'payment',
  'card',
  'cards',
  'credit',
  'loan',
  'loans',
  'gift',
  'gifts',
  'bonus',
  'reward',
  'rewards',
  'promo',
  'promotion',
  'event',
  'events',
  'lucky',
  'win',
  'winner',
  'prize',
  'free',
  'official',
  'live',
  'vip',
  'care',
  'customer',
  'bank',
  'my',
  'web',
  'portal',
  'cash',
  'refund',
  'unlock',
  'limit',
  'upgrade',
  'id',
  'shop',
  'store',
  'sale',
  'deal',
  'deals',
  'voucher',
  'club',
  'center',
  'centre',
  'global',
  'group',
  'net',
  'info',
  'online',
  'get',
  'new',
  'hub',
  // Vietnamese without diacritics
  'khuyenmai',
  'nhanqua',
  'tangqua',
  'quatang',
  'trian',
  'uudai',
  'hoantien',
  'hotro',
  'cskh',
  'xacminh',
  'xacthuc',
  'dangnhap',
  'dangky',
  'taikhoan',
  'nganhang',
  'chinhthuc',
  'vay',
  'vayvon',
  'vaytien',
  'giaingan',
  'tindung',
  'the',
  'thetindung',
  'hanmuc',
  'nanghanmuc',
  'rut',
  'ruttien',
  'nap',
  'naptien',
  'doithuong',
  'trungthuong',
  'quay',
  'vongquay',
  'sukien',
  'mienphi',
  'tuyendung',
  'vieclam',
  'capnhat',
  'kichhoat',
  'baomat',
  'dichvu',
  'giaohang',
  'donhang',
  'hoadon',
  'thanhtoan',
  'chuyentien',
  'tietkiem',
  'tructuyen',
  'vn',
  'viet',
  'vietnam',
  'com',
  'www',
];

/**
 * Tells whether `text` splits into scam words and digit runs only, as `khuyenmai2024` or
 * `loginvn` do. An empty text does not.
 */
export function isScamWordSequence(text: string): boolean {
  if (text === '') {
    return false;
  }
  const reachable = new Array<boolean>(text.length + 1).fill(false);
  reachable[0] = true;
  for (let start = 0; start < text.length; start += 1) {
    if (!reachable[start]) {
      continue;
    }
    const digits = /^\d+/.exec(text.slice(start));
    if (digits) {
      reachable[start + digits[0].length] = true;
    }
    for (const word of WORDS_BY_FIRST_LETTER.get(text[start]!) ?? []) {
      if (text.startsWith(word, start)) {
        reachable[start + word.length] = true;
      }
    }
  }
  return reachable[text.length]!;
}

const WORDS_BY_FIRST_LETTER = groupByFirstLetter(SCAM_WORDS);

function groupByFirstLetter(words: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const word of new Set(words)) {
    const group = groups.get(word[0]!) ?? [];
    group.push(word);
    groups.set(word[0]!, group);
  }
  return groups;
}
