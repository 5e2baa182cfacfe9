import type { Brand } from './brand.ts';

/** Shopee's sites in each country it serves, plus its app and image hosts. */
const SHOPEE_DOMAINS = [
  'shopee.vn',
  'shopee.com',
  'shopee.sg',
  'shopee.co.id',
  'shopee.com.my',
  'shopee.co.th',
  'shopee.ph',
  'shopee.tw',
  'shopee.com.br',
  'shopee.com.mx',
  'shopee.com.co',
  'shopee.cl',
  'shopeemobile.com',
  'susercontent.com',
];

/** Lazada's sites in each country it serves. */
const LAZADA_DOMAINS = [
  'lazada.vn',
  'lazada.com',
  'lazada.sg',
  'lazada.co.id',
  'lazada.com.my',
  'lazada.co.th',
  'lazada.com.ph',
];

/**
 * Vietnamese banks, e-wallets, shops, telecoms, government portals and other often-impersonated
 * services, each with the domains it publicly operates (regional sites included). Operators
 * replace or extend this list in configuration.
 *
 * NOTE: compiled from the brands' own published sites as known in 2025; a brand that adds a
 * domain needs it added here, or its new site is flagged as a lookalike of itself.
 */
export const DEFAULT_BRANDS: readonly Brand[] = [
  // Banks
  bank(
    'Vietcombank',
    ['vietcombank.com.vn', 'vietcombank.vn', 'vcbdigibank.com.vn'],
    ['vietcombank', 'vcbdigibank', 'vcb'],
  ),
  bank('BIDV', ['bidv.com.vn', 'bidv.vn'], ['bidv']),
  bank('Agribank', ['agribank.com.vn', 'agribank.vn'], ['agribank']),
  bank('VietinBank', ['vietinbank.vn', 'vietinbank.com.vn'], ['vietinbank']),
  bank(
    'Techcombank',
    ['techcombank.com.vn', 'techcombank.com', 'techcombank.vn'],
    ['techcombank', 'tcb'],
  ),
  bank('MB Bank', ['mbbank.com.vn', 'mbbank.vn', 'mb.com.vn'], ['mbbank', 'mb']),
  bank('ACB', ['acb.com.vn', 'acb.vn'], ['acb']),
  bank('VPBank', ['vpbank.com.vn', 'vpbank.vn', 'vpbankonline.com.vn'], ['vpbank']),
  bank('TPBank', ['tpb.vn', 'tpbank.vn', 'tpbank.com.vn'], ['tpbank', 'tpb']),
  bank('Sacombank', ['sacombank.com.vn', 'sacombank.com', 'sacombank.vn'], ['sacombank', 'stb']),
  bank('HDBank', ['hdbank.com.vn', 'hdbank.vn'], ['hdbank']),
  bank('VIB', ['vib.com.vn', 'vib.vn'], ['vib']),
  bank('SHB', ['shb.com.vn', 'shb.vn'], ['shb']),
  bank('OCB', ['ocb.com.vn', 'ocb.vn'], ['ocb']),
  bank('MSB', ['msb.com.vn', 'msb.vn'], ['msb', 'maritimebank']),
  bank('SeABank', ['seabank.com.vn', 'seabank.vn'], ['seabank']),
  bank('Eximbank', ['eximbank.com.vn', 'eximbank.vn'], ['eximbank']),
  bank('Nam A Bank', ['namabank.com.vn', 'namabank.vn'], ['namabank']),
  bank('SCB', ['scb.com.vn'], ['scb']),
  bank('BaoViet Bank', ['baovietbank.vn', 'baovietbank.com.vn'], ['baovietbank']),
  bank('ABBANK', ['abbank.vn', 'abbank.com.vn'], ['abbank']),
  bank('LPBank', ['lpbank.com.vn', 'lienvietpostbank.com.vn'], ['lpbank', 'lienvietpostbank']),
  bank('Bac A Bank', ['baca-bank.vn', 'bacabank.com.vn'], ['bacabank', 'baca-bank']),
  bank('PVcomBank', ['pvcombank.com.vn'], ['pvcombank']),
  bank('BVBank', ['bvbank.net.vn', 'vietcapitalbank.com.vn'], ['bvbank', 'vietcapitalbank']),
  bank('Kienlongbank', ['kienlongbank.com', 'kienlongbank.vn'], ['kienlongbank']),
  bank('Dong A Bank', ['dongabank.com.vn'], ['dongabank']),
  bank('Cake by VPBank', ['cake.vn'], ['cakebank']),
  bank('Timo', ['timo.vn'], ['timo']),
  bank('State Bank of Vietnam', ['sbv.gov.vn'], ['sbv', 'nganhangnhanuoc'], 'government'),

  // E-wallets and payments
  wallet('MoMo', ['momo.vn'], ['momo']),
  wallet('ZaloPay', ['zalopay.vn'], ['zalopay']),
  wallet('VNPAY', ['vnpay.vn', 'vnpayqr.vn'], ['vnpay']),
  wallet('ShopeePay', ['shopeepay.vn', 'airpay.vn'], ['shopeepay', 'airpay']),
  wallet('Viettel Money', ['viettelmoney.vn', 'viettelpay.vn'], ['viettelmoney', 'viettelpay']),
  wallet('VNPT Money', ['vnptmoney.vn', 'vnptpay.vn'], ['vnptmoney', 'vnptpay']),
  wallet('Moca', ['moca.vn'], ['moca']),
  wallet('NAPAS', ['napas.com.vn'], ['napas']),

  // Shops, with their regional sites
  shop('Shopee', SHOPEE_DOMAINS, ['shopee']),
  shop('Lazada', LAZADA_DOMAINS, ['lazada']),
  shop('Tiki', ['tiki.vn'], ['tiki']),
  shop('Sendo', ['sendo.vn'], ['sendo']),
  shop(
    'Thegioididong',
    ['thegioididong.com', 'dienmayxanh.com', 'topzone.vn'],
    ['thegioididong', 'dienmayxanh', 'tgdd'],
  ),
  shop('FPT Shop', ['fptshop.com.vn'], ['fptshop']),
  shop('CellphoneS', ['cellphones.com.vn'], ['cellphones']),
  shop('TikTok Shop', ['tiktok.com', 'tiktokshop.com', 'tiktokv.com'], ['tiktok', 'tiktokshop']),

  // Telecoms
  telecom('Viettel', ['viettel.vn', 'viettel.com.vn', 'vietteltelecom.vn'], ['viettel']),
  telecom('VNPT', ['vnpt.vn', 'vnpt.com.vn'], ['vnpt']),
  telecom('VinaPhone', ['vinaphone.com.vn', 'vinaphone.vn'], ['vinaphone']),
  telecom('MobiFone', ['mobifone.vn', 'mobifone.com.vn'], ['mobifone']),
  telecom('Vietnamobile', ['vietnamobile.com.vn'], ['vietnamobile']),
  telecom('FPT Telecom', ['fpt.vn', 'fpt.com.vn'], ['fpttelecom']),

  // Government portals
  government('National Public Service Portal', ['dichvucong.gov.vn'], ['dichvucong']),
  government('Government of Vietnam', ['chinhphu.vn', 'gov.vn'], ['chinhphu']),
  government(
    'Vietnam Social Security',
    ['baohiemxahoi.gov.vn', 'vssid.vn'],
    ['baohiemxahoi', 'vssid', 'bhxh'],
  ),
  government(
    'General Department of Taxation',
    ['gdt.gov.vn'],
    ['thuedientu', 'tongcucthue', 'gdt'],
  ),
  government('Vietnam Customs', ['customs.gov.vn'], ['haiquan']),
  government('Ministry of Public Security', ['bocongan.gov.vn', 'mps.gov.vn'], ['bocongan']),
  government('Traffic Police', ['csgt.vn', 'csgt.bocongan.gov.vn'], ['csgt', 'canhsatgiaothong']),
  government('VNeID', ['vneid.gov.vn'], ['vneid']),
  government('Ministry of Science and Technology', ['mst.gov.vn', 'mic.gov.vn'], ['mic', 'mst']),
  government('VNCERT', ['vncert.gov.vn', 'vncert.vn'], ['vncert']),
  government('Tin Gia', ['tingia.gov.vn'], ['tingia']),

  // Other often-impersonated services
  other(
    'EVN',
    'utility',
    ['evn.com.vn', 'evnhcmc.vn', 'evnhanoi.vn', 'evnspc.vn', 'evncpc.vn'],
    ['evnhcmc', 'evnhanoi', 'evn'],
  ),
  other('Vietnam Post', 'logistics', ['vnpost.vn'], ['vnpost']),
  other('Viettel Post', 'logistics', ['viettelpost.com.vn', 'viettelpost.vn'], ['viettelpost']),
  other('Giao Hang Nhanh', 'logistics', ['ghn.vn', 'ghn.dev'], ['ghn', 'giaohangnhanh']),
  other('Giao Hang Tiet Kiem', 'logistics', ['ghtk.vn'], ['ghtk', 'giaohangtietkiem']),
  other('Grab', 'transport', ['grab.com'], ['grab']),
  other('Vietjet Air', 'airline', ['vietjetair.com'], ['vietjetair', 'vietjet']),
  other('Vietnam Airlines', 'airline', ['vietnamairlines.com'], ['vietnamairlines']),
  other('Zalo', 'messaging', ['zalo.me', 'zalo.vn', 'zaloapp.com', 'zadn.vn'], ['zalo']),
  other(
    'Facebook',
    'social',
    ['facebook.com', 'facebook.net', 'fb.com', 'fb.me', 'messenger.com', 'fbcdn.net'],
    ['facebook', 'messenger'],
  ),
];

function bank(
  name: string,
  officialDomains: string[],
  keywords: string[],
  category: Brand['category'] = 'bank',
): Brand {
  return { brand: name, category, officialDomains, keywords };
}

function wallet(name: string, officialDomains: string[], keywords: string[]): Brand {
  return { brand: name, category: 'e-wallet', officialDomains, keywords };
}

function shop(name: string, officialDomains: string[], keywords: string[]): Brand {
  return { brand: name, category: 'e-commerce', officialDomains, keywords };
}

function telecom(name: string, officialDomains: string[], keywords: string[]): Brand {
  return { brand: name, category: 'telecom', officialDomains, keywords };
}

function government(name: string, officialDomains: string[], keywords: string[]): Brand {
  return { brand: name, category: 'government', officialDomains, keywords };
}

function other(
  name: string,
  category: Brand['category'],
  officialDomains: string[],
  keywords: string[],
): Brand {
  return { brand: name, category, officialDomains, keywords };
}
