import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';
import type { Marketplace } from '@stoflow/catalog';

export const MARKETPLACE_DRIVER = Symbol('stoflow:marketplace-driver');

/** Marks a provider as the driver of a marketplace; the publishing layer finds it at start, as Nest finds handlers. */
export function MarketplaceDriverFor(marketplace: Marketplace): ClassDecorator {
  return applyDecorators(Injectable(), SetMetadata(MARKETPLACE_DRIVER, marketplace));
}
