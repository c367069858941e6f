import { DatabaseMigrator } from '@stoflow/core';
import { Command, CommandRunner, SubCommand } from 'nest-commander';
import { CommandGroup } from '../users/cli-arguments';
import { printFanOutReport } from '../tenants/fan-out-report';

@SubCommand({
  name: 'migrate',
  description: 'Apply the shared migrations, then bring template_tenant and every tenant to head',
})
export class DbMigrateCommand extends CommandRunner {
  constructor(private readonly migrator: DatabaseMigrator) {
    super();
  }

  async run(): Promise<void> {
    const summary = await this.migrator.migrateAll({ concurrency: 4 });
    process.stdout.write(
      `shared: ${summary.shared.length ? summary.shared.join(', ') : 'up to date'}\n` +
        `template_tenant: ${summary.template.length ? summary.template.join(', ') : 'up to date'}\n`,
    );
    if (!printFanOutReport(summary.tenants)) process.exitCode = 1;
  }
}

@Command({ name: 'db', description: 'Database schema', subCommands: [DbMigrateCommand] })
export class DbCommand extends CommandGroup {}
