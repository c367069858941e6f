import type { JobStateBase } from '@stoflow/publishing';

/** What a Vinted job's steps learnt so far; only plain data, so a restart rebuilds everything from it. */
export interface VintedJobState extends JobStateBase {
  /** The draft's uuid, sent with the photos and the item. */
  tempUuid?: string;
  uploadSessionId?: string;
  /** The photos the listing will show, in order; `photoId` once uploaded. */
  photos?: { imageId: string; url: string; photoId: number | null }[];
  /** Title sent in the last create call: matched in the wardrobe only for an item whose photos a page does not show. */
  title?: string;
  /** Create calls sent so far (each after a reconciliation found nothing). */
  creates?: number;
  itemId?: string;
  itemUrl?: string | null;
  /** The last call's outcome is unknown: the wardrobe page being read to find the item before creating again. */
  reconcile?: { page: number; exhausted: boolean };
  /** The action's last call succeeded. */
  done?: boolean;
  /** Steps whose CSRF refusal was already retried once. */
  csrfRetried?: string[];
}
