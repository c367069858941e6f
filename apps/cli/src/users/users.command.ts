import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  CreateUserCommand,
  GetUserQuery,
  ListQuotasQuery,
  ListUsersQuery,
  ResetPasswordCommand,
  Role,
  ROLES,
  UpdateUserCommand,
  UserView,
} from '@stoflow/auth';
import { randomBytes } from 'node:crypto';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { badArgument, checked, CommandGroup, header, positiveInt } from './cli-arguments';

const show = (u: UserView) =>
  `${u.id}\t${u.email}\t${u.role}\t${u.tier}\t${u.disabled ? 'disabled' : 'active'}\t${u.createdAt}`;
const print = (line: string) => process.stdout.write(`${line}\n`);

function role(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value))
    badArgument(`role must be one of ${ROLES.join(', ')}, got "${value}"`);
  return value as Role;
}

function password(value: string): string {
  if (value.length < 12 || value.length > 128) badArgument('password must be 12 to 128 characters');
  return value;
}

function tier(value: string): string {
  if (!/^[a-z][a-z0-9_-]{0,29}$/.test(value)) badArgument(`"${value}" is not a tier name`);
  return value;
}

function oneUser(args: string[]): string {
  if (args.length !== 1) badArgument('give exactly one user: an id or an email');
  return args[0];
}

@SubCommand({ name: 'create', arguments: '<email>', description: 'Create an account and its tenant' })
export class UsersCreateCommand extends CommandRunner {
  constructor(private readonly commands: CommandBus) {
    super();
  }

  async run([email]: string[], options: { password?: string; role?: Role; tier?: string }): Promise<void> {
    checked(this.command, () => {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) badArgument(`"${email}" is not an email address`);
    });
    const secret = options.password ?? randomBytes(15).toString('base64url');
    const user = await this.commands.execute(
      new CreateUserCommand(email, secret, options.role ?? 'user', options.tier ?? 'free'),
    );
    print(show(user));
    if (!options.password) print(`password: ${secret}`);
  }

  @Option({ flags: '--password <password>', description: '12..128 characters (default: a generated one, printed)' })
  password(value: string) {
    return password(value);
  }

  @Option({ flags: '--role <role>', description: 'user or admin (default user)' })
  role(value: string) {
    return role(value);
  }

  @Option({ flags: '--tier <tier>', description: 'a tier of `quotas list` (default free)' })
  tier(value: string) {
    return tier(value);
  }
}

@SubCommand({ name: 'list', description: 'List accounts, 20 a page' })
export class UsersListCommand extends CommandRunner {
  constructor(private readonly queries: QueryBus) {
    super();
  }

  async run(_args: string[], options: { page?: number; q?: string }): Promise<void> {
    const page = await this.queries.execute(new ListUsersQuery(options.page ?? 1, 20, options.q));
    print(header('id', 'email', 'role', 'tier', 'state', 'created'));
    page.items.forEach((u) => print(show(u)));
    print(`page ${page.page} · ${page.items.length} of ${page.total}`);
  }

  @Option({ flags: '--page <n>', description: 'page number (default 1)' })
  page(value: string) {
    return positiveInt('--page')(value);
  }

  @Option({ flags: '-q, --q <text>', description: 'part of an email' })
  q(value: string) {
    return value;
  }
}

@SubCommand({ name: 'show', arguments: '<user>', description: 'Show one account (id or email)' })
export class UsersShowCommand extends CommandRunner {
  constructor(private readonly queries: QueryBus) {
    super();
  }

  async run(args: string[]): Promise<void> {
    print(show(await this.queries.execute(new GetUserQuery(checked(this.command, () => oneUser(args))))));
  }
}

@SubCommand({ name: 'set-role', arguments: '<user> <role>', description: 'Set the role: user or admin' })
export class UsersSetRoleCommand extends CommandRunner {
  constructor(private readonly commands: CommandBus) {
    super();
  }

  async run([user, value]: string[]): Promise<void> {
    print(
      show(
        await this.commands.execute(new UpdateUserCommand(user, { role: checked(this.command, () => role(value)) })),
      ),
    );
  }
}

@SubCommand({ name: 'set-tier', arguments: '<user> <tier>', description: 'Set the subscription tier' })
export class UsersSetTierCommand extends CommandRunner {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {
    super();
  }

  async run([user, value]: string[]): Promise<void> {
    const tiers = (await this.queries.execute(new ListQuotasQuery())).map((q) => q.tier);
    checked(this.command, () => {
      tier(value);
      if (!tiers.includes(value)) badArgument(`tier must be one of ${tiers.join(', ')}, got "${value}"`);
    });
    print(show(await this.commands.execute(new UpdateUserCommand(user, { tier: value }))));
  }
}

@SubCommand({ name: 'disable', arguments: '<user>', description: 'Disable an account and revoke its sessions' })
export class UsersDisableCommand extends CommandRunner {
  constructor(private readonly commands: CommandBus) {
    super();
  }

  async run(args: string[]): Promise<void> {
    print(
      show(
        await this.commands.execute(
          new UpdateUserCommand(
            checked(this.command, () => oneUser(args)),
            { disabled: true },
          ),
        ),
      ),
    );
  }
}

@SubCommand({ name: 'enable', arguments: '<user>', description: 'Enable a disabled account' })
export class UsersEnableCommand extends CommandRunner {
  constructor(private readonly commands: CommandBus) {
    super();
  }

  async run(args: string[]): Promise<void> {
    print(
      show(
        await this.commands.execute(
          new UpdateUserCommand(
            checked(this.command, () => oneUser(args)),
            { disabled: false },
          ),
        ),
      ),
    );
  }
}

@SubCommand({
  name: 'reset-password',
  arguments: '<user>',
  description: 'Set a new password (generated unless --password) and revoke every session',
})
export class UsersResetPasswordCommand extends CommandRunner {
  constructor(private readonly commands: CommandBus) {
    super();
  }

  async run(args: string[], options: { password?: string }): Promise<void> {
    const secret = options.password ?? randomBytes(15).toString('base64url');
    print(
      show(
        await this.commands.execute(
          new ResetPasswordCommand(
            checked(this.command, () => oneUser(args)),
            secret,
          ),
        ),
      ),
    );
    if (!options.password) print(`password: ${secret}`);
  }

  @Option({ flags: '--password <password>', description: '12..128 characters' })
  password(value: string) {
    return password(value);
  }
}

export const userSubCommands = [
  UsersCreateCommand,
  UsersListCommand,
  UsersShowCommand,
  UsersSetRoleCommand,
  UsersSetTierCommand,
  UsersDisableCommand,
  UsersEnableCommand,
  UsersResetPasswordCommand,
];

@Command({
  name: 'users',
  description: 'Accounts: create, list, show, roles, tiers, disable, passwords',
  subCommands: userSubCommands,
})
export class UsersCommand extends CommandGroup {}
