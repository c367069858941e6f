const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Conversations are named by StoFlow's uuid: anything else names none. */
export function isConversationId(id: string): boolean {
  return UUID.test(id);
}
