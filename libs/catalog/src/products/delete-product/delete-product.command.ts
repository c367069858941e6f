import { Command } from '@nestjs/cqrs';

/** Soft delete: the product is gone from every read and its sku is free again. */
export class DeleteProductCommand extends Command<void> {
  constructor(readonly productId: string) {
    super();
  }
}
