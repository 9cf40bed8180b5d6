import { mkdirSync } from 'node:fs';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/config';
import { bindIntegerParameters } from './bound-parameters';
import { dataSourceOptions } from './data-source-options';
import { ENTITIES } from './entities';
import { UnitOfWork } from './unit-of-work';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
        return dataSourceOptions(config);
      },
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  providers: [UnitOfWork],
  exports: [TypeOrmModule, UnitOfWork],
})
export class DatabaseModule {
  constructor(dataSource: DataSource) {
    bindIntegerParameters(dataSource);
  }
}
