import { CommandBus, CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { ApplyVintedReferenceChangesCommand } from '@stoflow/catalog';
import { GetVintedReferenceDiffQuery } from '../reference-diff/get-vinted-reference-diff.query';
import { referenceChanges } from '../reference-diff';
import { ApplyVintedReferenceCommand, VintedReferenceApplyResult } from './apply-vinted-reference.command';

@CommandHandler(ApplyVintedReferenceCommand)
export class ApplyVintedReferenceHandler implements ICommandHandler<
  ApplyVintedReferenceCommand,
  VintedReferenceApplyResult
> {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  async execute({ snapshotId }: ApplyVintedReferenceCommand): Promise<VintedReferenceApplyResult> {
    const view = await this.queries.execute(new GetVintedReferenceDiffQuery(snapshotId));
    const applied = await this.commands.execute(new ApplyVintedReferenceChangesCommand(referenceChanges(view.diff)));
    return { ...view, applied };
  }
}
