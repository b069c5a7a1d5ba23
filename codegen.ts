import type { CodegenConfig } from '@graphql-codegen/cli';

// `npm run codegen` regenerates src/graphql/generated.ts from schema/*.graphql; a test
// fails when the committed file is stale, so SDL and TypeScript never drift apart.
const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  generates: {
    'src/graphql/generated.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useTypeImports: true,
        contextType: './context#GraphQLContext',
        scalars: { DateTime: 'Date', Date: 'string', ID: 'string', JSON: 'unknown' },
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        maybeValue: 'T | null',
        inputMaybeValue: 'T | null | undefined',
        mappers: {
          Program: '../modules/programs/programs.repo#ProgramRow',
          Customer: '../modules/customers/customers.repo#CustomerRow',
          CustomerNote: '../modules/customers/customers.repo#NoteRow',
          ContactPreferences: './mappers#PreferencesParent',
          AuditLogEntry: '../modules/audit/audit.repo#AuditRow',
          PointsBalance: '../modules/ledger/ledger.loaders#BalanceParent',
          LedgerEntry: '../modules/ledger/ledger.repo#LedgerEntryRow',
          EarningConfig: '../modules/ledger/earning#EarningConfigModel',
          AdjustPointsPayload: '../modules/ledger/ledger.service#AdjustResult',
          Purchase: '../modules/purchases/purchases.repo#PurchaseRow',
          PurchaseLine: '../modules/purchases/purchases.repo#PurchaseLineRow',
          RecordPurchasePayload: '../modules/purchases/purchases.service#RecordPurchaseResult',
          RefundPurchasePayload: '../modules/purchases/purchases.service#RefundPurchaseResult',
          CatalogItem: '../modules/rewards/rewards.repo#CatalogItemRow',
          IssuedReward: '../modules/rewards/rewards.repo#IssuedRewardRow',
          RedeemRewardPayload: '../modules/rewards/rewards.service#RedeemResult',
          UseRewardPayload: '../modules/rewards/rewards.service#UseRewardResult',
          VoidRewardPayload: '../modules/rewards/rewards.service#VoidRewardResult',
          Tier: '../modules/tiers/tiers.repo#TierRow',
          TierProgress: '../modules/tiers/tiers.progress#TierProgressModel',
          TierRenewal: '../modules/tiers/tiers.progress#TierRenewalModel',
          TierChange: '../modules/tiers/tiers.repo#TierHistoryRow',
          TierSettings: '../modules/tiers/tiers.repo#TierSettingsRow',
          ArchiveTierPayload: '../modules/tiers/tiers.service#ArchiveTierResult',
          Message: '../modules/messaging/messaging.repo#MessageRow',
          MessageTemplate: '../modules/messaging/messaging.repo#TemplateRow',
          Newsletter: '../modules/messaging/newsletters.repo#NewsletterRow',
          RewardRule: '../modules/rules/rules.repo#RuleRow',
          RewardRuleVersion: '../modules/rules/rules.repo#RuleVersionRow',
        },
      },
    },
  },
};
export default config;
