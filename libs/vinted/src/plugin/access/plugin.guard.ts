import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public, TenantContext, Unauthenticated } from '@stoflow/core';
import { DevicesRepository } from '../devices/devices.repository';
import { PluginTokens } from './plugin-tokens';

/** The extension calling a plugin route: its device and the user (tenant) it acts for. */
export interface PluginDevice {
  deviceId: string;
  userId: number;
}

/**
 * The extension calling a route that checks its device itself, in the same database round trip as its work (the
 * long-poll's claim): the token's user and hash, the device not yet looked up.
 */
export interface PluginCaller {
  userId: number;
  tokenHash: Buffer;
}

type PluginRequest = {
  headers: Record<string, string | string[] | undefined>;
  plugin?: PluginDevice;
  pluginCaller?: PluginCaller;
};

const DEVICE_CHECKED_BY_HANDLER = 'stoflow:plugin-device-checked-by-handler';

/**
 * Lets in a live device's plugin token only (an access token is refused), and enters its user's tenant context.
 * The device row is read on every request (here, or by the handler in its own round trip for a route that says so),
 * so revoking a device shuts its token out at once.
 */
@Injectable()
export class PluginGuard implements CanActivate {
  constructor(
    private readonly tokens: PluginTokens,
    private readonly devices: DevicesRepository,
    private readonly tenant: TenantContext,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<PluginRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([^\s]+)$/i.exec(header) : null;
    if (!match) throw new Unauthenticated('Send the plugin token as a Bearer token');
    const { userId, hash } = this.tokens.verify(match[1]);
    if (this.reflector.get<boolean>(DEVICE_CHECKED_BY_HANDLER, context.getHandler())) {
      this.tenant.enter(userId);
      request.pluginCaller = { userId, tokenHash: hash };
      return true;
    }
    const device = await this.devices.activeByTokenHash(this.devices.em(), hash);
    if (!device || device.userId !== userId) throw new Unauthenticated('This device was revoked: pair it again');
    this.tenant.enter(userId);
    request.plugin = { deviceId: device.id, userId };
    return true;
  }
}

/**
 * A route of the extension: not for the global access guard, only for a plugin token. With
 * `deviceCheckedByHandler`, the guard checks the token only and the handler must check the device (revoked, user
 * disabled) in the same transaction as its work, before acting (see `PluginCaller`).
 */
export const PluginRoute = (options: { deviceCheckedByHandler?: boolean } = {}): MethodDecorator & ClassDecorator =>
  applyDecorators(
    Public(),
    SetMetadata(DEVICE_CHECKED_BY_HANDLER, options.deviceCheckedByHandler === true),
    UseGuards(PluginGuard),
    // The document declares one bearer scheme (access-token); the plugin token is described on each route.
    ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED: send a live plugin token (an access token is refused)' }),
  );

export const CurrentDevice = createParamDecorator((_data: unknown, context: ExecutionContext): PluginDevice => {
  const device = context.switchToHttp().getRequest<PluginRequest>().plugin;
  if (!device) throw new Unauthenticated();
  return device;
});

export const CurrentPluginCaller = createParamDecorator((_data: unknown, context: ExecutionContext): PluginCaller => {
  const caller = context.switchToHttp().getRequest<PluginRequest>().pluginCaller;
  if (!caller) throw new Unauthenticated();
  return caller;
});
