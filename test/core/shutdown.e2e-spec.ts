import { InjectQueue, Process, Processor, BullModule } from '@nestjs/bull';
import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { Public } from '@stoflow/core';
import type { Job, Queue } from 'bull';
import { AddressInfo } from 'node:net';
import { startApi, startWorker } from '../helpers/apps';

const SLOW_MS = 400;
const finished: string[] = [];

@Controller('api/test-slow')
class SlowController {
  @Public()
  @Get()
  async slow(): Promise<{ done: true }> {
    await new Promise((r) => setTimeout(r, SLOW_MS));
    finished.push('request');
    return { done: true };
  }
}

@Module({ controllers: [SlowController] })
class SlowHttpModule {}

@Injectable()
@Processor('test-shutdown')
class SlowProcessor {
  @Process()
  async run(job: Job<{ n: number }>): Promise<number> {
    await new Promise((r) => setTimeout(r, SLOW_MS));
    finished.push(`job ${job.data.n}`);
    return job.data.n;
  }
}

@Module({ imports: [BullModule.registerQueue({ name: 'test-shutdown' })], providers: [SlowProcessor] })
class SlowJobModule {}

@Injectable()
class Producer {
  constructor(@InjectQueue('test-shutdown') readonly queue: Queue) {}
}

@Module({ imports: [BullModule.registerQueue({ name: 'test-shutdown' })], providers: [Producer] })
class ProducerModule {}

describe('graceful shutdown', () => {
  beforeEach(() => finished.splice(0));

  it('lets an in-flight request finish, then refuses new connections', async () => {
    const app = await startApi(SlowHttpModule);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const inFlight = fetch(`http://127.0.0.1:${port}/api/test-slow`);
    await new Promise((r) => setTimeout(r, 50));
    await app.close();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    expect(finished).toEqual(['request']);
    await expect(fetch(`http://127.0.0.1:${port}/api/test-slow`)).rejects.toThrow();
  });

  it('lets a running job finish before the worker closes', async () => {
    const producer = await startWorker(ProducerModule);
    const queue = producer.get(Producer).queue;
    await queue.empty();
    const worker = await startWorker(SlowJobModule);
    const job = await queue.add({ n: 7 });
    for (let i = 0; i < 100 && !(await job.isActive()); i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(await job.isActive()).toBe(true);
    await worker.close();
    expect(finished).toEqual(['job 7']);
    expect(await (await queue.getJob(job.id))?.isCompleted()).toBe(true);
    await producer.close();
  });
});
