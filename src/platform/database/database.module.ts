import { Global, Module } from '@nestjs/common';
import { TransactionRunner } from './transaction-runner';

/**
 * The transaction runner, provided once for every module (the TypeORM connection itself comes from
 * TypeOrmModule.forRootAsync in AppModule).
 */
@Global()
@Module({ providers: [TransactionRunner], exports: [TransactionRunner] })
export class DatabaseModule {}
