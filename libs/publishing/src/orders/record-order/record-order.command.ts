import { Command } from '@nestjs/cqrs';
import type { OrderLine, OrderView } from '../order';

/**
 * A marketplace order sync saw this order line (run in the seller's tenant context). The first time, the line is
 * kept and its product's stock takes the sale (`RecordSaleCommand` with `soldOn` = its marketplace): `recorded`,
 * or `oversold` when another marketplace sold the last unit first (the seller is alerted and every listing of the
 * product is withdrawn), or `unmatched` for a product StoFlow does not know. Seen again, only its status follows;
 * cancelled or refunded, a recorded sale gives its units back once. However often and however concurrently a line
 * is seen, it is one row and one sale.
 */
export class RecordOrderCommand extends Command<OrderView> {
  constructor(readonly line: OrderLine) {
    super();
  }
}
