import { Query } from '@nestjs/cqrs';

export interface QuotaUse {
  used: number;
  /** null: unlimited */
  limit: number | null;
}

export interface Me {
  id: number;
  email: string;
  role: string;
  tier: string;
  quotas: { products: QuotaUse; publishesToday: QuotaUse; marketplaces: { limit: number | null } };
  createdAt: string;
}

export class GetMeQuery extends Query<Me> {
  constructor(readonly userId: number) {
    super();
  }
}
