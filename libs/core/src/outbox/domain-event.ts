import { randomUUID } from 'node:crypto';

const registry = new Map<string, new (...args: never[]) => DomainEvent>();

/**
 * An event that crosses module boundaries through the outbox. Subclasses are plain data (JSON-safe fields) and
 * carry `@OutboxEvent('module.name')` so the relay can rebuild them after a restart.
 */
export abstract class DomainEvent {
  readonly eventId: string = randomUUID();
  readonly occurredAt: string = new Date().toISOString();

  protected constructor(
    readonly tenantId: number | null,
    readonly aggregateType: string,
    readonly aggregateId: string,
  ) {}
}

export function OutboxEvent(type: string): ClassDecorator {
  return (target) => {
    const existing = registry.get(type);
    if (existing && existing !== (target as unknown)) throw new Error(`Two event classes claim the type ${type}`);
    registry.set(type, target as unknown as new (...args: never[]) => DomainEvent);
    Reflect.defineMetadata(EVENT_TYPE, type, target);
  };
}

const EVENT_TYPE = 'stoflow:eventType';

export function eventTypeOf(event: DomainEvent): string {
  const type = Reflect.getMetadata(EVENT_TYPE, event.constructor) as string | undefined;
  if (!type) throw new Error(`${event.constructor.name} has no @OutboxEvent() type`);
  return type;
}

/** Rebuilds an event from its stored JSON, with its class's prototype so the EventBus routes it. */
export function reviveEvent(type: string, payload: Record<string, unknown>): DomainEvent | undefined {
  const Class = registry.get(type);
  return Class ? Object.assign(Object.create(Class.prototype) as DomainEvent, payload) : undefined;
}
