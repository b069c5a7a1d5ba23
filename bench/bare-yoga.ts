/** graphql-yoga on node:http and nothing else: the framework's floor for `npm run bench`. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';

const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }),
  logging: false,
  graphiql: false,
  landingPage: false,
});
const server = http.createServer(yoga);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(
    `bare yoga listening at http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql\n`,
  );
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
