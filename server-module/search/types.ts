import { ColumnType, Generated } from 'kysely';

export type AssetVisibility = 'archive' | 'timeline' | 'hidden' | 'locked';
export type AssetType = 'IMAGE' | 'VIDEO' | 'AUDIO' | 'OTHER';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** The columns of Immich's tables immich-lens reads or writes, plus its own table. */
export interface LensDatabase {
  asset: {
    id: Generated<string>;
    ownerId: string;
    type: AssetType;
    originalPath: string;
    originalFileName: Generated<string>;
    fileCreatedAt: Timestamp;
    localDateTime: Timestamp;
    deletedAt: Timestamp | null;
    visibility: Generated<AssetVisibility>;
    /** the image's oriented size in pixels (Immich sets it from EXIF; the standalone host when OCR reads it) */
    width: number | null;
    height: number | null;
  };
  smart_search: { assetId: string; embedding: string };
  lens_ocr_search: { assetId: string; tsv: string };
}
