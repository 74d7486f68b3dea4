/** The `line_type` of an Online Retail stock code: postage, fees and manual lines are not products. */
export type LineType = 'product' | 'shipping' | 'fee' | 'discount' | 'manual';

const NON_PRODUCT: Record<string, LineType> = {
  POST: 'shipping',
  DOT: 'shipping',
  C2: 'shipping',
  'BANK CHARGES': 'fee',
  AMAZONFEE: 'fee',
  CRUK: 'fee',
  D: 'discount',
  M: 'manual',
  m: 'manual',
  S: 'manual',
  B: 'manual',
};

export function lineType(stockCode: string): LineType {
  return NON_PRODUCT[stockCode] ?? (stockCode.startsWith('gift_') ? 'manual' : 'product');
}
