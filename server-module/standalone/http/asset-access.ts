import { ForbiddenException, NotFoundException } from '@nestjs/common';
import type { AssetRow } from '../asset.repository';
import type { LensAuth } from '../types';

/** Read access in the standalone host: the owner; locked assets only with an elevated session. */
export function requireReadAccess(auth: LensAuth, asset: AssetRow | undefined, id: string): AssetRow {
  if (!asset) throw new NotFoundException(`Asset not found: ${id}`);
  if (asset.ownerId !== auth.user.id || (asset.visibility === 'locked' && auth.session?.hasElevatedPermission !== true)) {
    throw new ForbiddenException(`Not allowed to read asset: ${id} (asset.read)`);
  }
  return asset;
}
