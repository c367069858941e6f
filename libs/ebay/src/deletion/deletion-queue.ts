export const EBAY_DELETIONS_QUEUE = 'ebay-deletions';
export const ERASE = 'erase';

export interface ErasePayload {
  notificationId: string;
}
