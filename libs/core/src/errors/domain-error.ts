export interface ErrorDetail {
  field?: string;
  issue: string;
  [key: string]: unknown;
}

/**
 * A failure the caller can understand and act on. Modules subclass it (ProductNotFound, QuotaExceeded, ...);
 * one exception filter turns it into the API's error shape.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailed extends DomainError {
  constructor(message: string, details?: ErrorDetail[]) {
    super('VALIDATION_FAILED', 400, message, details);
  }
}

export class Unauthenticated extends DomainError {
  constructor(message = 'Authentication is required: send a valid access token') {
    super('UNAUTHENTICATED', 401, message);
  }
}

export class Forbidden extends DomainError {
  constructor(message = 'You are not allowed to do this') {
    super('FORBIDDEN', 403, message);
  }
}

export class NotFound extends DomainError {
  constructor(what: string, id?: string | number) {
    super('NOT_FOUND', 404, id === undefined ? `${what} not found` : `${what} ${id} not found`);
  }
}

export class Conflict extends DomainError {
  constructor(message: string, details?: ErrorDetail[]) {
    super('CONFLICT', 409, message, details);
  }
}

export class QuotaExceeded extends DomainError {
  constructor(quota: string, limit: number, used: number) {
    super('QUOTA_EXCEEDED', 403, `Your plan allows ${limit} ${quota}; you have used ${used}`, [
      { field: quota, issue: 'quota exceeded', limit, used },
    ]);
  }
}

/** A business rule that the request breaks (422), with its own code such as PRODUCT_OUT_OF_STOCK. */
export class BusinessRuleViolation extends DomainError {
  constructor(code: string, message: string, details?: ErrorDetail[]) {
    super(code, 422, message, details);
  }
}

/** Illegal status change, per an explicit transition table. */
export class IllegalTransition extends Conflict {
  constructor(what: string, from: string, to: string) {
    super(`${what} cannot go from ${from} to ${to}`, [{ field: 'status', issue: `${from} → ${to} is not allowed` }]);
  }
}

/** Too many attempts within a window; the filter adds `Retry-After`. */
export class RateLimited extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', 429, 'Too many requests: wait before trying again');
  }
}
