import type { Resolvers } from '../../graphql/generated';
import { parseInput } from '../../shared/errors';
import { ExportCustomerDataInput, exportCustomerData } from './customer-export.service';
import { EraseCustomerInput, eraseCustomer } from './erasure.service';

export const dataResolvers: Resolvers = {
  Mutation: {
    exportCustomerData: (_, { input }, ctx) =>
      exportCustomerData(ctx.rc, parseInput(ExportCustomerDataInput, input ?? {})),
    eraseCustomer: (_, { input }, ctx) => eraseCustomer(ctx.rc, parseInput(EraseCustomerInput, input)),
  },
};
