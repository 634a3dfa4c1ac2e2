import { ForbiddenException, NotFoundException } from '@nestjs/common';
import type { AssetRow } from './asset.repository';
import type { LensAuth } from './types';

/** Immich's owner access in the standalone host: the owner; locked assets only with an elevated session. */
export function mayAccess(auth: LensAuth, asset: AssetRow): boolean {
  return asset.ownerId === auth.user.id && (asset.visibility !== 'locked' || auth.session?.hasElevatedPermission === true);
}

/** 404 for an id that does not exist, 403 for an asset the caller may not read. */
export function requireReadAccess(auth: LensAuth, asset: AssetRow | undefined, id: string): AssetRow {
  if (!asset) throw new NotFoundException(`Asset not found: ${id}`);
  if (!mayAccess(auth, asset)) throw new ForbiddenException(`Not allowed to read asset: ${id} (asset.read)`);
  return asset;
}
