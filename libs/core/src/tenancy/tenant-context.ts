import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { assertTenantId } from '../database/schema-name';

const TENANT_KEY = 'tenantId';

export class MissingTenantContext extends Error {
  constructor() {
    super('No tenant context: tenant data can only be reached inside TenantContext.run() or an authenticated request');
  }
}

/**
 * The current tenant, carried by AsyncLocalStorage. The JWT guard sets it for HTTP; the worker and the CLI
 * enter it from a job's or a command's data with `run()`.
 */
@Injectable()
export class TenantContext {
  constructor(private readonly cls: ClsService) {}

  get tenantId(): number | undefined {
    return this.cls.isActive() ? this.cls.get<number | undefined>(TENANT_KEY) : undefined;
  }

  requireTenantId(): number {
    const id = this.tenantId;
    if (id === undefined) throw new MissingTenantContext();
    return id;
  }

  /** Sets the tenant of the current (already active) context, e.g. the HTTP request's. */
  enter(tenantId: number): void {
    this.cls.set(TENANT_KEY, assertTenantId(tenantId));
  }

  /** Runs `fn` in a fresh context bound to `tenantId`. */
  run<T>(tenantId: number, fn: () => Promise<T>): Promise<T> {
    assertTenantId(tenantId);
    return this.cls.run(() => {
      this.cls.set(TENANT_KEY, tenantId);
      return fn();
    });
  }
}
