import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { GetUserQuery } from '@stoflow/auth';
import { TenantContext } from '@stoflow/core';
import {
  CancelJobCommand,
  GetJobQuery,
  JOB_STATUSES,
  JobStatus,
  JobView,
  ListJobsQuery,
  RetryJobCommand,
} from '@stoflow/publishing';
import { ResumeVintedAccountCommand } from '@stoflow/vinted';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { badArgument, checked, CommandGroup, header, positiveInt } from '../users/cli-arguments';

const print = (line: string) => process.stdout.write(`${line}\n`);
const STATUSES = JOB_STATUSES;

const show = (job: JobView) =>
  [
    job.id,
    job.marketplace,
    job.action,
    job.productId,
    job.status + (job.waiting ? ` (${job.waiting})` : ''),
    `${job.progress.done}/${job.progress.total}`,
    job.error ? `${job.error.code}: ${job.error.message}` : '-',
    job.createdAt,
  ].join('\t');

function args(given: string[], count: number, usage: string): string[] {
  if (given.length !== count) badArgument(`give ${usage}`);
  return given;
}

/** Base of the jobs subcommands: the user named by id or email, and their tenant context. */
@Injectable() // emits the constructor's parameter types, which the subcommands inherit
abstract class AsUser extends CommandRunner {
  constructor(
    protected readonly commands: CommandBus,
    protected readonly queries: QueryBus,
    private readonly tenant: TenantContext,
  ) {
    super();
  }

  protected async asUser<T>(idOrEmail: string, work: (userId: number) => Promise<T>): Promise<T> {
    const user = await this.queries.execute(new GetUserQuery(idOrEmail));
    return this.tenant.run(user.id, () => work(user.id));
  }
}

@SubCommand({ name: 'list', arguments: '<user>', description: "A user's jobs on every marketplace, newest first" })
export class JobsListCommand extends AsUser {
  async run(given: string[], options: { status?: JobStatus; page?: number }): Promise<void> {
    const [user] = checked(this.command, () => args(given, 1, 'one user: an id or an email'));
    const page = await this.asUser(user, () =>
      this.queries.execute(new ListJobsQuery(options.page ?? 1, 50, { status: options.status })),
    );
    print(header('id', 'marketplace', 'action', 'product', 'status', 'progress', 'error', 'created'));
    page.items.forEach((job) => print(show(job)));
    print(`page ${page.page} · ${page.items.length} of ${page.total}`);
  }

  @Option({ flags: '--status <status>', description: STATUSES.join(', ') })
  status(value: string): JobStatus {
    if (!STATUSES.includes(value as JobStatus)) badArgument(`--status must be one of ${STATUSES.join(', ')}`);
    return value as JobStatus;
  }

  @Option({ flags: '--page <n>', description: '50 jobs a page' })
  page(value: string): number {
    return positiveInt('--page')(value);
  }
}

@SubCommand({ name: 'show', arguments: '<user> <job>', description: 'One job and the calls it made' })
export class JobsShowCommand extends AsUser {
  async run(given: string[]): Promise<void> {
    const [user, jobId] = checked(this.command, () => args(given, 2, 'a user and a job id'));
    const job = await this.asUser(user, () => this.queries.execute(new GetJobQuery(jobId)));
    print(show(job));
    for (const task of job.tasks ?? []) {
      print(`  ${task.step}\t${task.status}\tattempt ${task.attempt}\t${task.method} ${task.url}`);
    }
  }
}

@SubCommand({ name: 'retry', arguments: '<user> <job>', description: 'Run a failed or expired job again' })
export class JobsRetryCommand extends AsUser {
  async run(given: string[]): Promise<void> {
    const [user, jobId] = checked(this.command, () => args(given, 2, 'a user and a job id'));
    print(show(await this.asUser(user, (id) => this.commands.execute(new RetryJobCommand(id, jobId)))));
  }
}

@SubCommand({ name: 'cancel', arguments: '<user> <job>', description: 'Stop a pending or running job' })
export class JobsCancelCommand extends AsUser {
  async run(given: string[]): Promise<void> {
    const [user, jobId] = checked(this.command, () => args(given, 2, 'a user and a job id'));
    print(show(await this.asUser(user, (id) => this.commands.execute(new CancelJobCommand(id, jobId)))));
  }
}

@SubCommand({
  name: 'resume',
  arguments: '<user>',
  description: "Lift the pause of a user's Vinted queue (captcha solved, logged in again)",
})
export class JobsResumeCommand extends AsUser {
  async run(given: string[]): Promise<void> {
    const [user] = checked(this.command, () => args(given, 1, 'one user: an id or an email'));
    const lifted = await this.asUser(user, (id) => this.commands.execute(new ResumeVintedAccountCommand(id)));
    print(lifted ? `resumed (was paused: ${lifted})` : 'not paused');
  }
}

export const jobSubCommands = [
  JobsListCommand,
  JobsShowCommand,
  JobsRetryCommand,
  JobsCancelCommand,
  JobsResumeCommand,
];

@Command({
  name: 'jobs',
  description: "A user's Vinted jobs: list, show, retry, cancel; resume a paused queue",
  subCommands: jobSubCommands,
})
export class JobsCommand extends CommandGroup {}
