import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InvalidArgumentError } from 'commander';
import { CommandRunner, InjectCommander } from 'nest-commander';

/** The part of commander's Command used here (nest-commander ships its own commander version). */
interface Commander {
  readonly commands: readonly Commander[];
  error(message: string, options: { exitCode: number; code: string }): never;
  exitOverride(handler: (error: Error) => void): unknown;
  configureOutput(output: { outputError: () => void }): unknown;
}

/** A bad argument: one clear line on stderr and exit code 2 (through the CLI's error handler). */
export function badArgument(message: string): never {
  throw new InvalidArgumentError(message);
}

export function positiveInt(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1) badArgument(`${name} must be a positive integer, got "${value}"`);
    return Number(value);
  };
}

/**
 * nest-commander builds each command with `new Command()`, which inherits neither the root's exit override nor
 * its output settings: commander would exit 1 on an unknown option of a subcommand and print the error twice.
 * Give every command the root's error handler, once the command tree exists.
 */
@Injectable()
export class CliArguments implements OnApplicationBootstrap {
  constructor(@InjectCommander() private readonly root: Commander) {}

  onApplicationBootstrap(): void {
    const handler = (this.root as unknown as { _exitCallback?: (error: Error) => void })._exitCallback;
    const visit = (command: Commander) => {
      if (handler) command.exitOverride(handler);
      command.configureOutput({ outputError: () => undefined });
      command.commands.forEach(visit);
    };
    // The error handler prints the one line; commander's own copy would be a second one.
    this.root.configureOutput({ outputError: () => undefined });
    this.root.commands.forEach(visit);
  }
}

/**
 * Runs the argument checks of a command's `run()`: a bad argument found there goes through commander's error
 * path (one line, exit 2) like one found while parsing, instead of the service error path (exit 1).
 */
export function checked<T>(command: Commander, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof InvalidArgumentError)
      command.error(error.message, { exitCode: 2, code: 'stoflow.badArgument' });
    throw error;
  }
}

/**
 * A command that only groups subcommands (`users`, `tenants`…): alone it prints its help; followed by a word that
 * is none of its subcommands it is a bad argument (one line, exit 2), not a help page that exits 0.
 */
export abstract class CommandGroup extends CommandRunner {
  async run(args: string[]): Promise<void> {
    if (args.length > 0) {
      const known = this.command.commands.map((c) => c.name()).join(', ');
      checked(this.command, () =>
        badArgument(`unknown command "${args[0]}" for ${this.command.name()}; use one of ${known}`),
      );
    }
    this.command.help();
  }
}

/** A table's header row: the names of its tab-separated columns. */
export function header(...columns: string[]): string {
  return columns.join('\t');
}
