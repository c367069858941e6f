import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { GetUserQuery } from '@stoflow/auth';
import {
  ApplyVintedReferenceCommand,
  GetVintedReferenceDiffQuery,
  ReferenceDiff,
  RefreshVintedReferenceCommand,
  VintedReferenceDiffView,
} from '@stoflow/vinted';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { badArgument, checked, CommandGroup } from '../users/cli-arguments';

const print = (line: string) => process.stdout.write(`${line}\n`);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function noArguments(given: string[]): void {
  if (given.length > 0) badArgument(`unexpected argument "${given[0]}"`);
}

function snapshotOption(value: string): string {
  if (!UUID.test(value)) badArgument(`--snapshot must be a snapshot id (a uuid), got "${value}"`);
  return value;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The diff as an operator reads it: one summary line per list, then one line per entry. */
function printDiff({ snapshot, diff }: VintedReferenceDiffView): void {
  print(
    `snapshot ${snapshot.id}\t${snapshot.status}\tuser ${snapshot.userId}\t${snapshot.finishedAt ?? snapshot.startedAt}`,
  );
  if (!diff.complete) {
    print(`incomplete refresh${snapshot.error ? ` (${snapshot.error})` : ''}: nothing is reported gone`);
  }
  const { catalogs, sizes, brands } = diff;
  print(`catalogs: ${catalogs.new.length} new, ${catalogs.renamed.length} renamed, ${catalogs.gone.length} gone`);
  for (const r of catalogs.renamed) print(`  renamed\t${r.code} (${r.vintedId})\t"${r.from}" → "${r.to}"`);
  if (diff.renamesHeldBack) {
    print(
      `  ${plural(catalogs.renamed.length, 'rename')} held back: so many titles changed at once that they look like ` +
        'another language (was the refresh run on another Vinted country site?); they are not applied',
    );
  }
  for (const g of catalogs.gone) print(`  gone\t${g.code} (${g.vintedId})\t"${g.title ?? ''}"`);
  for (const n of catalogs.new) print(`  new\t${n.vintedId} "${n.title}"\tunder ${n.parentCode} (${n.parentVintedId})`);
  print(`sizes: ${sizes.new.length} new, ${sizes.gone.length} gone`);
  for (const g of sizes.gone) print(`  gone\tgroup ${g.groupId}: ${g.vintedId} (${g.codes.join(', ')})`);
  for (const n of sizes.new) print(`  new\tgroup ${n.groupId}: ${n.vintedId} "${n.title}"`);
  print(`brands: ${brands.new.length} new, ${brands.renamed.length} renamed`);
  for (const r of brands.renamed) print(`  renamed\t${r.code} (${r.vintedId})\t"${r.from}" → "${r.to}"`);
  for (const n of brands.new) print(`  new\t${n.code}: Vinted brand ${n.vintedId} "${n.name}"`);
}

function wouldChange(diff: ReferenceDiff): string | null {
  const goneCount = diff.complete ? diff.catalogs.gone.length : 0;
  const parts = [
    diff.catalogs.renamed.length && !diff.renamesHeldBack
      ? `rename ${plural(diff.catalogs.renamed.length, 'category')}`
      : '',
    diff.brands.renamed.length ? `rename ${plural(diff.brands.renamed.length, 'brand')}` : '',
    goneCount ? `mark ${plural(goneCount, 'category')} gone from Vinted (no longer listable there)` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}

@SubCommand({
  name: 'refresh',
  arguments: '<user>',
  description: "Read Vinted's reference lists through this user's extension (paced); prints the snapshot",
})
export class ReferenceRefreshCommand extends CommandRunner {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {
    super();
  }

  async run(given: string[]): Promise<void> {
    const [idOrEmail] = checked(this.command, () => {
      if (given.length !== 1) badArgument('give one user: an id or an email');
      return given;
    });
    const user = await this.queries.execute(new GetUserQuery(idOrEmail));
    const snapshot = await this.commands.execute(new RefreshVintedReferenceCommand(user.id));
    print(`${snapshot.id}\t${snapshot.status}\t${plural(snapshot.brandCount, 'brand')} to search`);
  }
}

@SubCommand({
  name: 'diff',
  description: 'What a refresh found: Vinted entries new, renamed or gone against the seeded reference data',
})
export class ReferenceDiffCommand extends CommandRunner {
  constructor(private readonly queries: QueryBus) {
    super();
  }

  async run(given: string[], options: { snapshot?: string }): Promise<void> {
    checked(this.command, () => noArguments(given));
    printDiff(await this.queries.execute(new GetVintedReferenceDiffQuery(options.snapshot)));
  }

  @Option({ flags: '--snapshot <id>', description: 'a refresh (default: the latest completed one)' })
  snapshot(value: string): string {
    return snapshotOption(value);
  }
}

@SubCommand({
  name: 'apply',
  description: 'Apply a refresh: renames, gone catalogs marked not listable (a dry run without --yes)',
})
export class ReferenceApplyCommand extends CommandRunner {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {
    super();
  }

  async run(given: string[], options: { snapshot?: string; yes?: boolean }): Promise<void> {
    checked(this.command, () => noArguments(given));
    if (!options.yes) {
      const view = await this.queries.execute(new GetVintedReferenceDiffQuery(options.snapshot));
      printDiff(view);
      const change = wouldChange(view.diff);
      print(change ? `dry run: would ${change}; run again with --yes to apply` : 'nothing to change');
      return;
    }
    const result = await this.commands.execute(new ApplyVintedReferenceCommand(options.snapshot));
    printDiff(result);
    const { categoriesRenamed, brandsRenamed, categoriesMarkedGone } = result.applied;
    print(
      categoriesRenamed + brandsRenamed + categoriesMarkedGone === 0
        ? 'nothing to change'
        : `applied: ${plural(categoriesRenamed, 'category')} renamed, ${plural(brandsRenamed, 'brand')} renamed, ` +
            `${plural(categoriesMarkedGone, 'category')} marked gone from Vinted`,
    );
    if (result.diff.catalogs.new.length + result.diff.sizes.new.length + result.diff.brands.new.length > 0) {
      print('new entries are not added: map them by hand');
    }
  }

  @Option({ flags: '--snapshot <id>', description: 'a refresh (default: the latest completed one)' })
  snapshot(value: string): string {
    return snapshotOption(value);
  }

  @Option({ flags: '--yes', description: 'apply, in one transaction (without it: print what would change)' })
  yes(): boolean {
    return true;
  }
}

export const referenceSubCommands = [ReferenceRefreshCommand, ReferenceDiffCommand, ReferenceApplyCommand];

@Command({
  name: 'reference',
  description: "Vinted's reference data: refresh through a user's extension, diff against the seeds, apply",
  subCommands: referenceSubCommands,
})
export class ReferenceCommand extends CommandGroup {}
