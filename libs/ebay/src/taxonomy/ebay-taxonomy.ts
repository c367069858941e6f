import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, RedisClient } from '@stoflow/core';
import type Redis from 'ioredis';
import { EbayTokens } from '../account/ebay-tokens';
import { EbayApi } from '../api/ebay-api';
import { ebayMarketplace } from '../api/ebay-marketplaces';

export interface CategorySuggestion {
  categoryId: string;
  name: string;
  /** Names from the root, the category's last. */
  path: string[];
}

export interface AspectConstraint {
  name: string;
  required: boolean;
  mode: 'FREE_TEXT' | 'SELECTION_ONLY';
  cardinality: 'SINGLE' | 'MULTI';
  maxLength: number | null;
  values: string[];
}

interface TreeId {
  categoryTreeId: string;
  categoryTreeVersion: string;
}

/** How long the tree's version is trusted before asking again (a changed version empties the caches). */
const VERSION_TTL_SECONDS = 24 * 3600;
const ANSWER_TTL_SECONDS = 30 * 24 * 3600;

/**
 * eBay's Taxonomy API with the app's token, cached in Redis per tree version: eBay allows about 5,000 Taxonomy
 * calls a day for the whole app, so one seller's typing must not spend them. A suggestion or an aspect list is
 * asked once per tree version, and the version once a day per marketplace.
 */
@Injectable()
export class EbayTaxonomy {
  private readonly prefix: string;

  constructor(
    private readonly api: EbayApi,
    private readonly tokens: EbayTokens,
    @Inject(RedisClient) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.prefix = `${config.QUEUE_PREFIX}:ebay:taxonomy`;
  }

  async suggest(marketplaceId: string, q: string): Promise<CategorySuggestion[]> {
    const tree = await this.tree(marketplaceId);
    const query = q.trim().toLowerCase().replace(/\s+/g, ' ');
    return this.cached(`${tree.categoryTreeId}:${tree.categoryTreeVersion}:suggest:${query}`, async () => {
      const { body } = await this.api.send<SuggestionsAnswer>(
        {
          api: 'taxonomy',
          method: 'GET',
          path: `/category_tree/${encodeURIComponent(tree.categoryTreeId)}/get_category_suggestions`,
          query: { q: query },
          acceptLanguage: ebayMarketplace(marketplaceId).language,
        },
        this.tokens.forApp(),
      );
      return (body?.categorySuggestions ?? []).map((s) => ({
        categoryId: s.category.categoryId,
        name: s.category.categoryName,
        path: [
          ...[...(s.categoryTreeNodeAncestors ?? [])]
            .sort((a, b) => a.categoryTreeNodeLevel - b.categoryTreeNodeLevel)
            .map((a) => a.categoryName),
          s.category.categoryName,
        ],
      }));
    });
  }

  /** The aspects of a leaf category, with what eBay allows for each. */
  async aspects(marketplaceId: string, categoryId: string): Promise<AspectConstraint[]> {
    const tree = await this.tree(marketplaceId);
    return this.cached(`${tree.categoryTreeId}:${tree.categoryTreeVersion}:aspects:${categoryId}`, async () => {
      const { body } = await this.api.send<AspectsAnswer>(
        {
          api: 'taxonomy',
          method: 'GET',
          path: `/category_tree/${encodeURIComponent(tree.categoryTreeId)}/get_item_aspects_for_category`,
          query: { category_id: categoryId },
          acceptLanguage: ebayMarketplace(marketplaceId).language,
        },
        this.tokens.forApp(),
      );
      return (body?.aspects ?? []).map((a) => ({
        name: a.localizedAspectName,
        required: a.aspectConstraint?.aspectRequired === true,
        mode: a.aspectConstraint?.aspectMode === 'SELECTION_ONLY' ? 'SELECTION_ONLY' : 'FREE_TEXT',
        cardinality: a.aspectConstraint?.itemToAspectCardinality === 'MULTI' ? 'MULTI' : 'SINGLE',
        maxLength: a.aspectConstraint?.aspectMaxLength ?? null,
        values: (a.aspectValues ?? []).map((v) => v.localizedValue),
      }));
    });
  }

  private async tree(marketplaceId: string): Promise<TreeId> {
    return this.cached(
      `tree:${marketplaceId}`,
      async () => {
        const { body } = await this.api.send<TreeId>(
          {
            api: 'taxonomy',
            method: 'GET',
            path: '/get_default_category_tree_id',
            query: { marketplace_id: marketplaceId },
          },
          this.tokens.forApp(),
        );
        return { categoryTreeId: String(body.categoryTreeId), categoryTreeVersion: String(body.categoryTreeVersion) };
      },
      VERSION_TTL_SECONDS,
    );
  }

  private async cached<T>(key: string, load: () => Promise<T>, ttlSeconds = ANSWER_TTL_SECONDS): Promise<T> {
    const full = `${this.prefix}:${key}`;
    const hit = await this.redis.get(full);
    if (hit) return JSON.parse(hit) as T;
    const value = await load();
    await this.redis.set(full, JSON.stringify(value), 'EX', ttlSeconds);
    return value;
  }
}

interface SuggestionsAnswer {
  categorySuggestions?: {
    category: { categoryId: string; categoryName: string };
    categoryTreeNodeAncestors?: { categoryName: string; categoryTreeNodeLevel: number }[];
  }[];
}

interface AspectsAnswer {
  aspects?: {
    localizedAspectName: string;
    aspectConstraint?: {
      aspectRequired?: boolean;
      aspectMode?: string;
      itemToAspectCardinality?: string;
      aspectMaxLength?: number;
    };
    aspectValues?: { localizedValue: string }[];
  }[];
}
