import type { EbayAccountRow, EbayLocation } from '../account/ebay-accounts.repository';
import { ebayConnection } from '../account/ebay-connection-news';

/** A seller's eBay connection as the API answers it (no token, sealed or not, ever leaves the server). */
export interface EbayConnectionView {
  connected: boolean;
  status: string;
  account: string | null;
  marketplaceId: string | null;
  /** What the seller must do next, in one sentence; null when nothing. */
  needs: string | null;
  settings: {
    fulfillmentPolicyId: string | null;
    paymentPolicyId: string | null;
    returnPolicyId: string | null;
    location: EbayLocation | null;
  } | null;
  connectedAt: string | null;
  /** eBay's consent lasts about 18 months; the seller must connect again before then. */
  consentExpiresAt: string | null;
}

export function connectionView(account: EbayAccountRow | undefined): EbayConnectionView {
  const connection = ebayConnection(account);
  return {
    connected: connection.connected,
    status: connection.status,
    account: connection.account,
    marketplaceId: account?.marketplace_id ?? null,
    needs: connection.needs,
    settings: account
      ? {
          fulfillmentPolicyId: account.fulfillment_policy_id,
          paymentPolicyId: account.payment_policy_id,
          returnPolicyId: account.return_policy_id,
          location: account.location,
        }
      : null,
    connectedAt: account ? new Date(account.connected_at).toISOString() : null,
    consentExpiresAt: account ? new Date(account.refresh_expires_at).toISOString() : null,
  };
}
