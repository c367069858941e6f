import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  UseGuards,
} from '@nestjs/common';
import { ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public, TenantContext, Unauthenticated } from '@stoflow/core';
import { DevicesRepository } from '../devices/devices.repository';
import { PluginTokens, tokenHash } from './plugin-tokens';

/** The extension calling a plugin route: its device and the user (tenant) it acts for. */
export interface PluginDevice {
  deviceId: string;
  userId: number;
}

type PluginRequest = { headers: Record<string, string | string[] | undefined>; plugin?: PluginDevice };

/**
 * Lets in a live device's plugin token only (an access token is refused), and enters its user's tenant context.
 * The device row is read on every request, so revoking a device shuts its token out at once.
 */
@Injectable()
export class PluginGuard implements CanActivate {
  constructor(
    private readonly tokens: PluginTokens,
    private readonly devices: DevicesRepository,
    private readonly tenant: TenantContext,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<PluginRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([^\s]+)$/i.exec(header) : null;
    if (!match) throw new Unauthenticated('Send the plugin token as a Bearer token');
    const userId = this.tokens.verify(match[1]);
    const device = await this.devices.activeByTokenHash(this.devices.em(), tokenHash(match[1]));
    if (!device || device.userId !== userId) throw new Unauthenticated('This device was revoked: pair it again');
    this.tenant.enter(userId);
    request.plugin = { deviceId: device.id, userId };
    return true;
  }
}

/** A route of the extension: not for the global access guard, only for a plugin token. */
export const PluginRoute = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    Public(),
    UseGuards(PluginGuard),
    // The document declares one bearer scheme (access-token); the plugin token is described on each route.
    ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED: send a live plugin token (an access token is refused)' }),
  );

export const CurrentDevice = createParamDecorator((_data: unknown, context: ExecutionContext): PluginDevice => {
  const device = context.switchToHttp().getRequest<PluginRequest>().plugin;
  if (!device) throw new Unauthenticated();
  return device;
});
