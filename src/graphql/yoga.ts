import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError, getOperationAST, NoSchemaIntrospectionCustomRule } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import { renderGraphiQL } from '../console/graphiql';
import type { Metrics } from '../http/metrics';
import { currentLog } from '../logger';
import { SignInThrottle } from '../modules/staff/sign-in-throttle';
import { type AppDeps, buildContext, type ServerContext } from './context';
import { costLimitPlugin } from './cost';
import { CLIENT_CODES, maskError } from './errors';
import { exampleTabs } from './examples';
import { buildSchema } from './schema';

const DEFAULT_QUERY = `# Regulars API. Put your key in the Headers tab:
#   { "Authorization": "Bearer rk_..." }
query Program {
  program { name currency timeZone }
}
`;

/** Armor's rejections become QUERY_TOO_COMPLEX (it throws plain syntax errors by default). */
function tooComplex(_: unknown, error: GraphQLError): never {
  throw new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
    extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
  });
}

/**
 * Syntax and validation errors never reach the error mask (yoga answers them before
 * execution); give them our code here so clients see one vocabulary.
 */
const clientErrorCodes: Plugin = {
  onResultProcess({ result, setResult }) {
    if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
    if (!result.errors.some((e) => CLIENT_CODES.has(e.extensions?.code as string))) return;
    setResult({ ...result, errors: result.errors.map((e) => maskError(e, undefined)) });
  },
};

/**
 * Yoga checks the types of `query`, `variables` and `extensions` but not `operationName`; a
 * non-string one is a malformed request like the others: 400 under every media type.
 */
const operationNameIsString: Plugin = {
  onParams({ params }) {
    const name: unknown = params.operationName;
    if (name != null && typeof name !== 'string') {
      throw new GraphQLError('Expected "operationName" param to be a string', {
        extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
      });
    }
  },
};

function metricsPlugin(metrics: Metrics): Plugin {
  return {
    onExecute({ args }) {
      const start = performance.now();
      const op = getOperationAST(args.document, args.operationName);
      return {
        onExecuteDone({ result }) {
          const failed = 'errors' in result && (result.errors?.length ?? 0) > 0;
          metrics.graphql.observe(
            {
              operation: op?.name?.value ?? 'anonymous',
              type: op?.operation ?? 'unknown',
              outcome: failed ? 'error' : 'ok',
            },
            (performance.now() - start) / 1000,
          );
        },
      };
    },
  };
}

export function createGraphQLHandler(deps: AppDeps, metrics: Metrics) {
  const { config } = deps;
  const signInThrottle = new SignInThrottle({
    perEmail: config.SIGN_IN_MAX_FAILURES_PER_EMAIL,
    perAddress: config.SIGN_IN_MAX_FAILURES_PER_ADDRESS,
    windowMs: config.SIGN_IN_WINDOW_SECONDS * 1000,
  });
  return createYoga<ServerContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: false,
    batching: false,
    // The Koa glue has read the body under BODY_LIMIT_BYTES already (413 before yoga runs);
    // yoga's own limit would pipe it through a second stream on every request.
    maxRequestBodySize: false,
    // Preloaded with the example operations of docs/operations (a tab each; issue 15).
    graphiql: config.GRAPHIQL
      ? { title: 'Regulars', defaultQuery: DEFAULT_QUERY, defaultTabs: exampleTabs(DEFAULT_QUERY) }
      : false,
    // Its files from this server (/console/assets/), not from unpkg.com: works offline.
    renderGraphiQL,
    // Browsers on other origins only when configured (yoga would reflect any origin).
    cors: config.CORS_ORIGINS
      ? { origin: [...config.CORS_ORIGINS], credentials: true, methods: ['GET', 'POST'] }
      : false,
    maskedErrors: { maskError: (error) => maskError(error, currentLog(deps.log)) },
    context: (initial) =>
      buildContext(
        deps,
        {
          viewer: initial.viewer,
          requestId: initial.requestId,
          log: initial.log,
          http: initial.http,
          sessionEnded: initial.sessionEnded,
        },
        signInThrottle,
      ),
    plugins: graphqlPlugins(config, metrics),
  });
}

/** Limits on depth, aliases, tokens and cost, then our codes, metrics and the introspection switch. */
function graphqlPlugins(config: AppDeps['config'], metrics: Metrics): Plugin[] {
  const onReject = [tooComplex];
  const plugins: Plugin[] = [
    EnvelopArmorPlugin({
      maxDepth: { n: config.GRAPHQL_MAX_DEPTH, onReject },
      maxAliases: { n: config.GRAPHQL_MAX_ALIASES, onReject },
      maxTokens: { n: config.GRAPHQL_MAX_TOKENS, onReject },
      // Cost is ours (src/graphql/cost.ts): armor's ignores page sizes.
      costLimit: { enabled: false },
      // GraphQL's "Did you mean …?" helps whoever may read the schema anyway.
      blockFieldSuggestion: { enabled: !config.GRAPHQL_INTROSPECTION },
      maxDirectives: { n: 50, onReject },
    }) as Plugin,
    costLimitPlugin(config.GRAPHQL_MAX_COST),
    operationNameIsString,
    metricsPlugin(metrics),
    clientErrorCodes,
  ];
  if (!config.GRAPHQL_INTROSPECTION) {
    plugins.push({
      onValidate: ({ addValidationRule }) => addValidationRule(NoSchemaIntrospectionCustomRule),
    });
  }
  return plugins;
}
