import { Query } from '@nestjs/cqrs';

/** A seeded category with the Vinted catalog it stands for; `vintedTitle` is the last part of `vintedPath`. */
export interface SeededCategory {
  id: number;
  code: string;
  name: string;
  vintedCatalogId: number;
  vintedPath: string | null;
  vintedTitle: string | null;
  /** When a refresh found the catalog gone from Vinted's tree (then it is no longer listable there). */
  vintedGoneAt: string | null;
}

/** A seeded size and its Vinted ids, by the `VINTED_SIZE_GROUPS` column they sit in (`vintedWomenId`: 2…). */
export interface SeededSize {
  id: number;
  code: string;
  name: string;
  shoe: boolean;
  vintedIds: Record<string, number>;
}

export interface SeededBrand {
  id: number;
  code: string;
  name: string;
  vintedBrandId: number | null;
}

export interface SeededVintedReference {
  categories: SeededCategory[];
  sizes: SeededSize[];
  brands: SeededBrand[];
}

/** The Vinted ids the reference tables hold: what a refresh of Vinted's own lists is compared with. */
export class GetVintedReferenceIdsQuery extends Query<SeededVintedReference> {}
