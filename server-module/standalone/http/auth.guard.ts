/**
 * API-key authentication as Immich does it: the `x-api-key` header, looked up by its sha256 hash;
 * the key's permissions must include the endpoint's (or `all`).
 */
import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata, UnauthorizedException, ForbiddenException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Kysely } from 'kysely';
import { STANDALONE_DB } from '../tokens';
import type { LensAuth, StandaloneDatabase } from '../types';
import { hashApiKey } from '../users';

export const PERMISSION_KEY = 'immich-lens:permission';
/** Immich permission names, e.g. `asset.read`, `asset.update`, `job.create`. */
export const RequirePermission = (permission: string) => SetMetadata(PERMISSION_KEY, permission);

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(STANDALONE_DB) private readonly db: Kysely<StandaloneDatabase>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined>; auth?: LensAuth }>();
    const permission = this.reflector.getAllAndOverride<string | undefined>(PERMISSION_KEY, [context.getHandler(), context.getClass()]);
    if (permission === undefined) return true;
    const header = request.headers['x-api-key'];
    const key = Array.isArray(header) ? header[0] : header;
    if (!key) throw new UnauthorizedException('Authentication required (x-api-key header)');
    const row = await this.db
      .selectFrom('api_key')
      .select(['id', 'userId', 'permissions'])
      .where('key', '=', hashApiKey(key))
      .executeTakeFirst();
    if (!row) throw new UnauthorizedException('Invalid API key');
    if (!row.permissions.includes('all') && !row.permissions.includes(permission)) {
      throw new ForbiddenException(`Missing required permission: ${permission}`);
    }
    request.auth = { user: { id: row.userId }, apiKey: { id: row.id, permissions: row.permissions } };
    return true;
  }
}
