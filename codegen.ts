import type { CodegenConfig } from '@graphql-codegen/cli';

// `npm run codegen` regenerates src/graphql/generated.ts from schema/*.graphql, and the
// console's typed operations (console/src/generated.ts) from its console/src/**/*.graphql;
// a test fails when either committed file is stale, so SDL and TypeScript never drift apart.
// It also writes schema.graphql, the whole schema in one file for app and POS developers'
// own codegen (docs/client.md), held in sync by the same test.
const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  generates: {
    'schema.graphql': {
      plugins: ['schema-ast'],
      config: { includeDirectives: false, sort: true },
    },
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
          AdjustPointsPayload: '../workflows/adjust-points#AdjustResult',
          Purchase: '../modules/purchases/purchases.repo#PurchaseRow',
          PurchaseLine: '../modules/purchases/purchases.repo#PurchaseLineRow',
          RecordPurchasePayload: '../workflows/record-purchase#RecordPurchaseResult',
          RecordPurchasesPayload: '../workflows/record-purchases#RecordPurchasesResult',
          RecordPurchasesItemResult: '../workflows/record-purchases#BatchItemResult',
          ItemError: '../workflows/record-purchases#ItemErrorModel',
          PurchasePreview: '../workflows/preview-purchase#PurchasePreviewModel',
          PreviewReward: '../workflows/preview-purchase#PreviewRewardModel',
          RefundPurchasePayload: '../workflows/refund-purchase#RefundPurchaseResult',
          CatalogItem: '../modules/rewards/rewards.repo#CatalogItemRow',
          IssuedReward: '../modules/rewards/rewards.repo#IssuedRewardRow',
          RedeemRewardPayload: '../workflows/redeem-reward#RedeemResult',
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
          SurveySettings: '../modules/feedback/feedback.repo#SurveySettingsRow',
          Survey: '../modules/feedback/feedback.repo#SurveyRow',
          FollowUpTask: '../modules/feedback/feedback.repo#TaskRow',
          FollowUpComment: '../modules/feedback/feedback.repo#TaskCommentRow',
          FeedbackItem: '../modules/feedback/feedback.repo#FeedbackRow',
          FeedbackReply: '../modules/feedback/feedback.repo#ReplyRow',
          FeedbackReport: '../modules/feedback/reports.service#FeedbackReportModel',
          RewardRule: '../modules/rules/rules.repo#RuleRow',
          RewardRuleVersion: '../modules/rules/rules.repo#RuleVersionRow',
          LiabilityReport: '../modules/reports/reports.service#LiabilityModel',
          HealthReport: '../modules/reports/reports.service#HealthModel',
          RulesReport: '../modules/reports/reports.service#RulesReportModel',
          MessagingReport: '../modules/reports/reports.service#MessagingReportModel',
          StaffUser: '../modules/staff/staff.repo#StaffUserRow',
          TaskAssignee: '../modules/staff/staff.repo#StaffUserRow',
          StaffSession: '../modules/staff/staff.repo#StaffSessionRow',
          StaffInvitation: '../modules/staff/staff.repo#StaffInvitationRow',
          InviteStaffPayload: '../modules/staff/staff.service#InviteResult',
          SignInPayload: '../modules/staff/staff.service#SignInResult',
          DisableStaffUserPayload: '../modules/staff/staff.service#DisableResult',
        },
      },
    },
    // The console's operations, checked against the schema: each becomes a typed document (a
    // string: no GraphQL parser in the browser) with its result and variables types.
    'console/src/generated.ts': {
      documents: 'console/src/**/*.graphql',
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        useTypeImports: true,
        documentMode: 'string',
        enumType: 'string-literal',
        scalars: { DateTime: 'string', Date: 'string', ID: 'string', JSON: 'unknown' },
        avoidOptionals: { field: true, object: true, inputValue: false, defaultValue: false },
        maybeValue: 'T | null',
        inputMaybeValue: 'T | null | undefined',
        skipTypename: true,
      },
    },
  },
};
export default config;
