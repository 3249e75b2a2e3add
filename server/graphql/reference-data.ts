import type { DataSource } from 'typeorm';
import { CategoryEntity } from '../entities/category.entity.ts';
import { ChannelEntity } from '../entities/channel.entity.ts';
import { OrgUnitEntity } from '../entities/org-unit.entity.ts';
import { selectEntities, sql } from '../db/sql.ts';
import { CategoryType } from './category/category.type.ts';
import { ChannelType } from './channel/channel.type.ts';
import { OrgUnitType } from './org-unit/org-unit.type.ts';

/** How long the cached dimensions are served before they are read again. */
export const REFERENCE_DATA_TTL_MS = 60_000;

export type ReferenceSnapshot = {
  orgUnits: Map<number, OrgUnitEntity>;
  orgUnitChildren: Map<number, OrgUnitEntity[]>;
  categories: Map<number, CategoryEntity>;
  categoryChildren: Map<number, CategoryEntity[]>;
  channels: Map<number, ChannelEntity>;
};

function childrenOf<T extends { parentId: number | null }>(rows: T[]): Map<number, T[]> {
  const children = new Map<number, T[]>();
  for (const row of rows) {
    if (row.parentId === null) continue;
    const list = children.get(row.parentId) ?? [];
    list.push(row);
    children.set(row.parentId, list);
  }
  return children;
}

/**
 * The small, slowly changing dimensions (org units, categories, channels —
 * a few hundred rows) held in memory per process, so that labelling a page
 * of facts costs no statement. Re-read after REFERENCE_DATA_TTL_MS, or at
 * once after `invalidate()` (called when a load changes them).
 */
export class ReferenceData {
  private snapshot: Promise<ReferenceSnapshot> | undefined;
  private loadedAt = 0;
  /** The loaded snapshot of `snapshot`, once it has arrived. */
  private ready: ReferenceSnapshot | undefined;

  constructor(private readonly db: DataSource, private readonly ttlMs = REFERENCE_DATA_TTL_MS) {}

  /**
   * The snapshot itself when it is loaded and fresh, else undefined (then
   * use get()): labelling a page's rows then costs no promise per field.
   */
  current(): ReferenceSnapshot | undefined {
    return this.ready && Date.now() - this.loadedAt <= this.ttlMs ? this.ready : undefined;
  }

  get(): Promise<ReferenceSnapshot> {
    if (!this.snapshot || Date.now() - this.loadedAt > this.ttlMs) {
      this.loadedAt = Date.now();
      this.ready = undefined;
      const loading = this.load();
      // A failed read is not cached: the next request tries again.
      loading.then(
        (snapshot) => {
          if (this.snapshot === loading) this.ready = snapshot;
        },
        () => {
          if (this.snapshot === loading) this.snapshot = undefined;
        },
      );
      this.snapshot = loading;
    }
    return this.snapshot;
  }

  invalidate(): void {
    this.snapshot = undefined;
    this.ready = undefined;
  }

  private async load(): Promise<ReferenceSnapshot> {
    const [orgUnits, categories, channels] = await Promise.all([
      selectEntities(this.db, OrgUnitEntity, sql`SELECT * FROM dim_org_unit ORDER BY code`, OrgUnitType.prototype),
      selectEntities(this.db, CategoryEntity, sql`SELECT * FROM dim_category ORDER BY code`, CategoryType.prototype),
      selectEntities(this.db, ChannelEntity, sql`SELECT * FROM dim_channel ORDER BY channel_id`, ChannelType.prototype),
    ]);
    return {
      orgUnits: new Map(orgUnits.map((u) => [u.id, u])),
      orgUnitChildren: childrenOf(orgUnits),
      categories: new Map(categories.map((c) => [c.id, c])),
      categoryChildren: childrenOf(categories),
      channels: new Map(channels.map((c) => [c.id, c])),
    };
  }
}
