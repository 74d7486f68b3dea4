/** A sale line still open to cancellation: its order and the quantity not yet cancelled. */
interface OpenSale {
  orderId: string;
  left: number;
}

/** Part of a cancellation line matched to one earlier order. */
export interface MatchedPart {
  orderId: string;
  quantity: number;
}

/**
 * Matches cancellation lines to the earlier sales they reverse. The data names no original
 * invoice, so a cancelled quantity is taken from the same customer's sales of the same stock
 * code, newest first, as far as they have quantity left; what no sale covers is unmatched.
 * Memory grows with the distinct (customer, stock code) pairs seen.
 */
export class CancellationMatcher {
  /** Customer, then stock code, to its open sales in time order. */
  private readonly sales = new Map<string, Map<string, OpenSale[]>>();

  addSale(customer: string, stockCode: string, orderId: string, quantity: number): void {
    let codes = this.sales.get(customer);
    if (!codes) this.sales.set(customer, (codes = new Map<string, OpenSale[]>()));
    const list = codes.get(stockCode);
    if (list) list.push({ orderId, left: quantity });
    else codes.set(stockCode, [{ orderId, left: quantity }]);
  }

  /** Takes `quantity` from the newest open sales; returns the parts and what is left over. */
  cancel(
    customer: string,
    stockCode: string,
    quantity: number,
  ): { parts: MatchedPart[]; unmatched: number } {
    const list = this.sales.get(customer)?.get(stockCode) ?? [];
    const parts: MatchedPart[] = [];
    let need = quantity;
    for (let i = list.length - 1; i >= 0 && need > 0; i--) {
      const sale = list[i]!;
      const take = Math.min(need, sale.left);
      if (take === 0) continue;
      sale.left -= take;
      need -= take;
      parts.push({ orderId: sale.orderId, quantity: take });
    }
    return { parts, unmatched: need };
  }
}
