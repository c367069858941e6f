import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ListQuotasQuery, QuotaLimits, SetQuotaCommand } from '@stoflow/auth';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { badArgument, checked, CommandGroup } from '../users/cli-arguments';

const print = (line: string) => process.stdout.write(`${line}\n`);
const show = (q: QuotaLimits) =>
  `${q.tier}\tproducts ${q.products ?? 'unlimited'}\tmarketplaces ${q.marketplaces ?? 'all'}\tpublishes/day ${q.publishesPerDay}`;

function limit(name: string, word: string) {
  return (value: string): number | null => {
    if (value === word) return null;
    if (!/^\d+$/.test(value)) badArgument(`${name} must be a number or "${word}", got "${value}"`);
    return Number(value);
  };
}

@SubCommand({ name: 'list', description: 'Tiers and their limits' })
export class QuotasListCommand extends CommandRunner {
  constructor(private readonly queries: QueryBus) {
    super();
  }

  async run(): Promise<void> {
    (await this.queries.execute(new ListQuotasQuery())).forEach((q) => print(show(q)));
  }
}

interface SetOptions {
  products?: number | null;
  marketplaces?: number | null;
  publishesPerDay?: number | null;
}

@SubCommand({ name: 'set', arguments: '<tier>', description: "Change a tier's limits" })
export class QuotasSetCommand extends CommandRunner {
  constructor(private readonly commands: CommandBus) {
    super();
  }

  async run([tier]: string[], options: SetOptions): Promise<void> {
    // Options not given are present as undefined: keep only the given ones, so the others stay unchanged.
    const changes = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    checked(this.command, () => {
      if (Object.keys(changes).length === 0) {
        badArgument('give at least one of --products, --marketplaces, --publishes-per-day');
      }
      if (changes.publishesPerDay === null) badArgument('--publishes-per-day must be a number');
    });
    print(show(await this.commands.execute(new SetQuotaCommand(tier, changes as SetQuotaCommand['changes']))));
  }

  @Option({ flags: '--products <n>', description: 'a number, or "unlimited"' })
  products(value: string) {
    return limit('--products', 'unlimited')(value);
  }

  @Option({ flags: '--marketplaces <n>', description: 'a number, or "all"' })
  marketplaces(value: string) {
    return limit('--marketplaces', 'all')(value);
  }

  @Option({ flags: '--publishes-per-day <n>', description: 'a number' })
  publishesPerDay(value: string) {
    return limit('--publishes-per-day', '-')(value);
  }
}

@Command({
  name: 'quotas',
  description: 'Subscription tiers and their quotas',
  subCommands: [QuotasListCommand, QuotasSetCommand],
})
export class QuotasCommand extends CommandGroup {}
