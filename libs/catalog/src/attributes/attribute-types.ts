/** The reference tables of schema product_attributes, by the name used in `/api/attributes/{type}`. */
export const ATTRIBUTE_TYPES = [
  'brands',
  'colors',
  'conditions',
  'materials',
  'sizes',
  'categories',
  'genders',
  'seasons',
  'fits',
] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export function isAttributeType(type: string): type is AttributeType {
  return (ATTRIBUTE_TYPES as readonly string[]).includes(type);
}

/** A product's attribute fields and the table each one points at. */
export const PRODUCT_ATTRIBUTE_FIELDS = {
  brandId: 'brands',
  categoryId: 'categories',
  conditionId: 'conditions',
  sizeId: 'sizes',
  genderId: 'genders',
  seasonId: 'seasons',
  fitId: 'fits',
  colorIds: 'colors',
  materialIds: 'materials',
} as const satisfies Record<string, AttributeType>;

export type ProductAttributeField = keyof typeof PRODUCT_ATTRIBUTE_FIELDS;
export type ProductAttributeIds = Partial<Record<ProductAttributeField, number | number[] | null>>;
