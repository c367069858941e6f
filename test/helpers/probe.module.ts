import { Body, Controller, Get, Ip, Module, Param, ParseIntPipe, Post } from '@nestjs/common';
import { Public } from '@stoflow/core';
import { NotFound } from '@stoflow/core';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Min, ValidateNested } from 'class-validator';

class ProbeItem {
  @IsInt()
  @Min(1)
  quantity!: number;
}

class ProbeBody {
  @IsString()
  @Length(1, 20)
  title!: string;

  @IsInt()
  @Min(0)
  stock!: number;

  @ValidateNested({ each: true })
  @Type(() => ProbeItem)
  items: ProbeItem[] = [];
}

/** Test-only routes that exercise the HTTP edge: validation, domain errors, crashes, guarded routes. */
@Controller('api/probe')
class ProbeController {
  @Public()
  @Post()
  create(@Body() body: ProbeBody): ProbeBody {
    return body;
  }

  @Public()
  @Get('missing/:id')
  missing(@Param('id', ParseIntPipe) id: number): never {
    throw new NotFound('Probe', id);
  }

  @Public()
  @Get('crash')
  crash(): never {
    throw new Error('connection to db at 10.0.0.3 lost: select * from "user_1".secrets');
  }

  @Public()
  @Get('ip')
  ip(@Ip() ip: string): { ip: string } {
    return { ip };
  }

  @Get('guarded')
  guarded(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
