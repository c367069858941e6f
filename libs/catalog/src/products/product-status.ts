export const PRODUCT_STATUSES = ['draft', 'active', 'sold', 'archived'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/** Every allowed move; anything else is an IllegalTransition (409). sold and archived are final. */
export const PRODUCT_TRANSITIONS: Readonly<Record<ProductStatus, readonly ProductStatus[]>> = {
  draft: ['active'],
  active: ['sold', 'archived'],
  sold: [],
  archived: [],
};

export function canTransition(from: ProductStatus, to: ProductStatus): boolean {
  return PRODUCT_TRANSITIONS[from].includes(to);
}
