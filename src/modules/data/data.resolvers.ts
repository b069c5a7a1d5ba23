import type { Resolvers } from '../../graphql/generated';
import { exportCustomerData } from './customer-export.service';
import { eraseCustomer } from './erasure.service';

export const dataResolvers: Resolvers = {
  Mutation: {
    exportCustomerData: (_, { input }, ctx) => exportCustomerData(ctx.rc, input),
    eraseCustomer: (_, { input }, ctx) => eraseCustomer(ctx.rc, input),
  },
};
