import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApplyVintedReferenceChangesCommand, VintedReferenceApplied } from './apply-vinted-reference-changes.command';

/** Reference data is shared: changed outside any tenant, by the admin CLI, in one transaction. */
@CommandHandler(ApplyVintedReferenceChangesCommand)
export class ApplyVintedReferenceChangesHandler implements ICommandHandler<
  ApplyVintedReferenceChangesCommand,
  VintedReferenceApplied
> {
  constructor(private readonly orm: MikroORM) {}

  execute({ changes }: ApplyVintedReferenceChangesCommand): Promise<VintedReferenceApplied> {
    return this.orm.em.fork().transactional(async (em) => {
      let categoriesRenamed = 0;
      for (const rename of changes.categoryRenames) categoriesRenamed += await this.renameCategory(em, rename);
      let brandsRenamed = 0;
      for (const { id, from, to } of changes.brandRenames) {
        brandsRenamed += await run(em, 'update product_attributes.brands set name = ? where id = ? and name = ?', [
          to,
          id,
          from,
        ]);
      }
      const categoriesMarkedGone = changes.goneCategoryIds.length
        ? await run(
            em,
            `update product_attributes.categories set vinted_gone_at = now()
              where id = any(?::int[]) and vinted_gone_at is null`,
            [`{${changes.goneCategoryIds.join(',')}}`],
          )
        : 0;
      return { categoriesRenamed, brandsRenamed, categoriesMarkedGone };
    });
  }

  /** The row's Vinted path ends with the new title, and so does that part of every path below it. */
  private async renameCategory(
    em: EntityManager,
    { id, from, to }: { id: number; from: string; to: string },
  ): Promise<number> {
    const [row] = await em.execute<{ vinted_path: string | null }[]>(
      'select vinted_path from product_attributes.categories where id = ? for update',
      [id],
    );
    const path = row?.vinted_path;
    const parts = path?.split(' > ') ?? [];
    if (!path || parts[parts.length - 1] !== from) return 0;
    const renamed = [...parts.slice(0, -1), to].join(' > ');
    await run(em, 'update product_attributes.categories set name = ? where id = ? and name = ?', [to, id, from]);
    await run(
      em,
      `update product_attributes.categories
          set vinted_path = ? || substr(vinted_path, char_length(?) + 1)
        where vinted_path = ? or starts_with(vinted_path, ? || ' > ')`,
      [renamed, path, path, path],
    );
    return 1;
  }
}

async function run(em: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const result = await em.execute(sql, params, 'run');
  return (result as unknown as { affectedRows: number }).affectedRows;
}
