import { Kysely, SelectQueryBuilder, sql } from 'kysely';
import { AssetType, AssetVisibility } from './types';

/**
 * The assets a search may return: a query from `asset` with every filter applied. The search runs it
 * for each candidate (correlated on asset.id) before ranking and paging, so pages are full except the
 * last. Immich passes its own searchAssetBuilderLegacy (every filter of its search DTOs, its semantics);
 * the standalone host and the tests pass accessFilter.
 */
export type AssetFilter = (db: Kysely<any>) => SelectQueryBuilder<any, 'asset', object>;

/** Immich's access filters (SearchService → searchAssetBuilder): what the standalone host filters by. */
export interface AccessFilterOptions {
  /** owner + partner ids the caller may see; required, like Immich */
  userIds: string[];
  /** 'not-locked' (default) hides locked assets; 'locked' shows only them (needs the elevated session) */
  visibility?: AssetVisibility | 'not-locked';
  withDeleted?: boolean;
  type?: AssetType;
  takenAfter?: Date;
  takenBefore?: Date;
}

/** Which assets a search may return: the access filters, or a host's own filter query. */
export type SearchScope = AccessFilterOptions | { assets: AssetFilter };

export function accessFilter(options: AccessFilterOptions): AssetFilter {
  if (!Array.isArray(options.userIds) || options.userIds.length === 0) {
    throw new Error('searching needs the userIds whose assets the caller may see');
  }
  const visibility = options.visibility ?? 'not-locked';
  return (db) =>
    db
      .selectFrom('asset')
      .where('asset.ownerId', '=', sql<string>`any(${options.userIds}::uuid[])`)
      .$if(visibility === 'not-locked', (qb) => qb.where('asset.visibility', '!=', 'locked'))
      .$if(visibility !== 'not-locked', (qb) => qb.where('asset.visibility', '=', visibility))
      .$if(!options.withDeleted, (qb) => qb.where('asset.deletedAt', 'is', null))
      .$if(!!options.type, (qb) => qb.where('asset.type', '=', options.type!))
      .$if(!!options.takenAfter, (qb) => qb.where('asset.fileCreatedAt', '>=', options.takenAfter!))
      .$if(!!options.takenBefore, (qb) => qb.where('asset.fileCreatedAt', '<=', options.takenBefore!));
}

export function assetFilterOf(scope: SearchScope): AssetFilter {
  return 'assets' in scope ? scope.assets : accessFilter(scope);
}
