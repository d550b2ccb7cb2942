import type { DynamicModule } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

/**
 * The service's mongoose connection (one database per service) through
 * `MongooseModule.forRootAsync`; services then use `MongooseModule.forFeature` and
 * `@InjectConnection()` as usual. Only what FerretDB 1.24 also serves is relied on: no
 * transactions, change streams, `$lookup`, TTL indexes or time-series collections.
 */
export class MongoModule {
  static forService(uri: string, dbName: string): DynamicModule {
    return {
      module: MongoModule,
      imports: [
        MongooseModule.forRootAsync({
          useFactory: () => ({
            uri,
            dbName,
            // Fail a ping or a query in seconds when MongoDB is gone instead of hanging.
            serverSelectionTimeoutMS: 5000,
            retryWrites: false,
          }),
        }),
      ],
      exports: [MongooseModule],
    };
  }
}
