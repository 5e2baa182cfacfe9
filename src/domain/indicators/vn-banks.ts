/** A bank in Vietnam's NAPAS network, as VietQR identifies it. */
export interface VietnameseBank {
  /** The 6-digit bank identification number (BIN) that NAPAS and VietQR use. */
  readonly bin: string;
  /** The VietQR bank code (`VCB`, `ICB`). */
  readonly code: string;
  /** The name people write (`Vietcombank`). */
  readonly shortName: string;
  /** Other names and codes people write: stock tickers, former names. */
  readonly aliases: readonly string[];
}

// [BIN, VietQR code, short name, ...other names]. Former names stay as aliases because the BIN
// stayed the same. OceanBank is now MBV, DongA Bank is now Vikki, LienVietPostBank is now LPBank,
// and Viet Capital Bank trades as BVBank (not BVB, which is BaoViet Bank's code).
const ROWS: readonly (readonly [string, string, string, ...string[]])[] = [
  ['970425', 'ABB', 'ABBANK', 'An Binh Bank'],
  ['970416', 'ACB', 'ACB', 'Asia Commercial Bank'],
  ['970405', 'VBA', 'Agribank'],
  ['970409', 'BAB', 'BacABank', 'Bac A Bank'],
  ['970438', 'BVB', 'BaoVietBank', 'BaoViet Bank'],
  ['970418', 'BIDV', 'BIDV', 'BID'],
  ['546034', 'CAKE', 'CAKE', 'CAKE by VPBank'],
  ['970444', 'CBB', 'CBBank', 'Construction Bank'],
  ['422589', 'CIMB', 'CIMB'],
  ['533948', 'CITIBANK', 'Citibank'],
  ['970446', 'COOPBANK', 'COOPBANK', 'Co-opBank'],
  ['796500', 'DBS', 'DBSBank', 'DBS Bank'],
  ['970431', 'EIB', 'Eximbank'],
  ['970408', 'GPB', 'GPBank'],
  ['970437', 'HDB', 'HDBank'],
  ['970442', 'HLBVN', 'HongLeong', 'Hong Leong Bank'],
  ['458761', 'HSBC', 'HSBC'],
  ['970456', 'IBKHCM', 'IBKHCM', 'IBK HCM'],
  ['970455', 'IBKHN', 'IBKHN', 'IBK HN'],
  ['970434', 'IVB', 'IndovinaBank', 'Indovina Bank'],
  ['668888', 'KBank', 'KBank', 'Kasikornbank'],
  ['970466', 'KEBHANAHCM', 'KEBHanaHCM', 'KEB Hana HCM'],
  ['970467', 'KEBHANAHN', 'KEBHANAHN', 'KEB Hana HN'],
  ['970452', 'KLB', 'KienLongBank', 'Kien Long Bank'],
  ['970463', 'KBHCM', 'KookminHCM', 'Kookmin HCM'],
  ['970462', 'KBHN', 'KookminHN', 'Kookmin HN'],
  ['970449', 'LPB', 'LPBank', 'LienVietPostBank', 'Loc Phat Bank'],
  ['970422', 'MB', 'MBBank', 'MBB', 'Military Bank'],
  ['970426', 'MSB', 'MSB', 'Maritime Bank'],
  ['970414', 'MBV', 'MBV', 'OceanBank'],
  ['970428', 'NAB', 'NamABank', 'Nam A Bank'],
  ['970419', 'NCB', 'NCB', 'National Citizen Bank'],
  ['801011', 'NHB HN', 'Nonghyup', 'Nonghyup Bank'],
  ['970448', 'OCB', 'OCB', 'Orient Commercial Bank'],
  ['970430', 'PGB', 'PGBank'],
  ['970439', 'PBVN', 'PublicBank', 'Public Bank'],
  ['970412', 'PVCB', 'PVcomBank'],
  ['970403', 'STB', 'Sacombank'],
  ['970400', 'SGICB', 'SaigonBank', 'SGB'],
  ['970429', 'SCB', 'SCB', 'Saigon Commercial Bank'],
  ['970410', 'SCVN', 'StandardChartered', 'Standard Chartered'],
  ['970440', 'SEAB', 'SeABank', 'SSB'],
  ['970443', 'SHB', 'SHB', 'Saigon Hanoi Bank'],
  ['970424', 'SHBVN', 'ShinhanBank', 'Shinhan Bank', 'Shinhan'],
  ['970407', 'TCB', 'Techcombank'],
  ['963388', 'TIMO', 'Timo'],
  ['970423', 'TPB', 'TPBank'],
  ['546035', 'Ubank', 'Ubank', 'Ubank by VPBank'],
  ['970458', 'UOB', 'UnitedOverseas', 'United Overseas Bank'],
  ['970427', 'VAB', 'VietABank', 'Viet A Bank'],
  ['970454', 'VCCB', 'VietCapitalBank', 'Viet Capital Bank', 'BVBank', 'Ban Viet Bank'],
  ['970433', 'VIETBANK', 'VietBank'],
  ['970436', 'VCB', 'Vietcombank'],
  ['970415', 'ICB', 'VietinBank', 'CTG'],
  ['970441', 'VIB', 'VIB'],
  ['970406', 'Vikki', 'Vikki', 'DongA Bank', 'DongABank'],
  ['970432', 'VPB', 'VPBank'],
  ['970421', 'VRB', 'VRB', 'Vietnam Russia Bank'],
  ['970457', 'WVN', 'Woori', 'Woori Bank'],
];

/** Vietnamese banks with their BINs. */
export const VIETNAMESE_BANKS: readonly VietnameseBank[] = ROWS.map(
  ([bin, code, shortName, ...aliases]) => ({ bin, code, shortName, aliases }),
);

const BY_BIN = new Map(VIETNAMESE_BANKS.map((bank) => [bank.bin, bank]));
const BY_NAME = indexByName(VIETNAMESE_BANKS);

/** Finds a bank by its 6-digit BIN. */
export function findBankByBin(bin: string): VietnameseBank | undefined {
  return BY_BIN.get(bin);
}

/**
 * Finds a bank by its VietQR code, short name or another name, ignoring case, diacritics,
 * spaces and punctuation (`vcb`, `Vietcombank`, `viet capital bank`).
 */
export function findBankByName(name: string): VietnameseBank | undefined {
  return BY_NAME.get(bankNameKey(name));
}

/** Reduces a bank name to the key findBankByName compares: ASCII letters and digits, lowercase. */
export function bankNameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function indexByName(banks: readonly VietnameseBank[]): Map<string, VietnameseBank> {
  const index = new Map<string, VietnameseBank>();
  for (const bank of banks) {
    for (const name of [bank.code, bank.shortName, ...bank.aliases]) {
      index.set(bankNameKey(name), bank);
    }
  }
  return index;
}
