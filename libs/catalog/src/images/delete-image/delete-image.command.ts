import { Command } from '@nestjs/cqrs';

/** Removes one image of a product (row and files); the images after it move up one position. */
export class DeleteImageCommand extends Command<void> {
  constructor(
    readonly productId: string,
    readonly imageId: string,
  ) {
    super();
  }
}
