import type { Role } from './viewer';

/**
 * The one place that decides what each role may do. Every root field, and the few
 * object fields that some roles must never see, is listed here; the schema builder wraps
 * each of them with this check and refuses to start when a root field is missing, so a new
 * operation is denied until someone decides who may call it.
 */
const ALL_KEYS = ['admin', 'marketing', 'staff', 'pos'] as const;

export const PERMISSIONS: Record<string, readonly Role[]> = {
  'Query.program': [...ALL_KEYS, 'customer'],
  'Query.customer': ALL_KEYS,
  'Query.customers': ['admin', 'marketing', 'staff'],
  'Query.me': ['customer'],
  'Query.auditLog': ['admin'],
  'Query.earningConfig': ['admin', 'marketing'],
  'Query.catalogItems': [...ALL_KEYS, 'customer'],
  'Query.tiers': [...ALL_KEYS, 'customer'],
  'Query.tierSettings': ['admin', 'marketing'],

  'Mutation.enrollCustomer': ['admin', 'staff', 'pos'],
  'Mutation.updateCustomer': ['admin', 'staff', 'pos'],
  'Mutation.createCustomerSession': ['admin', 'pos'],
  'Mutation.updateContactPreferences': ['admin', 'staff', 'pos', 'customer'],
  'Mutation.addCustomerNote': ['admin', 'staff', 'pos'],
  'Mutation.updateCustomerNote': ['admin', 'staff', 'pos'],
  'Mutation.deleteCustomerNote': ['admin', 'staff', 'pos'],
  'Mutation.updateEarningConfig': ['admin', 'marketing'],
  'Mutation.adjustPoints': ['admin', 'staff'],
  'Mutation.recordPurchase': ['admin', 'pos'],
  'Mutation.recordPurchases': ['admin', 'pos'],
  'Query.previewPurchase': ['admin', 'pos'],
  'Query.rewardByCode': ['admin', 'staff', 'pos'],
  'Mutation.refundPurchase': ['admin', 'staff', 'pos'],
  'Mutation.upsertCatalogItem': ['admin', 'marketing'],
  'Mutation.redeemReward': ['staff', 'pos', 'customer'],
  'Mutation.useReward': ['pos'],
  'Mutation.voidReward': ['admin', 'staff'],
  'Mutation.createTier': ['admin', 'marketing'],
  'Mutation.updateTier': ['admin', 'marketing'],
  'Mutation.archiveTier': ['admin', 'marketing'],
  'Mutation.deleteTier': ['admin', 'marketing'],
  'Mutation.updateTierSettings': ['admin', 'marketing'],
  'Query.messageTemplates': ['admin', 'marketing'],
  'Query.localOutbox': ['admin', 'marketing', 'staff'],
  'Query.message': ['admin', 'marketing', 'staff'],
  'Query.newsletters': ['admin', 'marketing'],
  'Query.newsletter': ['admin', 'marketing'],
  'Query.newsletterPreview': ['admin', 'marketing'],
  'Query.newsletterAudienceCount': ['admin', 'marketing'],
  'Mutation.upsertMessageTemplate': ['admin', 'marketing'],
  'Mutation.previewMessageTemplate': ['admin', 'marketing'],
  'Mutation.recordInboundMessage': ['admin', 'staff', 'pos'],
  'Mutation.checkNewsletterContent': ['admin', 'marketing'],
  'Mutation.createNewsletter': ['admin', 'marketing'],
  'Mutation.updateNewsletter': ['admin', 'marketing'],
  'Mutation.sendNewsletter': ['admin', 'marketing'],
  'Query.surveySettings': ['admin', 'marketing'],
  'Query.pendingSurveys': ['customer'],
  'Query.surveyResponses': ['admin', 'marketing', 'staff'],
  'Query.followUpTasks': ['admin', 'staff'],
  'Query.followUpTaskCounts': ['admin', 'staff', 'marketing'],
  'Query.feedbackItems': ['admin', 'staff', 'customer'],
  'Query.feedbackReport': ['admin', 'marketing', 'staff'],
  'Mutation.updateSurveySettings': ['admin', 'marketing'],
  'Mutation.submitSurveyResponse': ['customer'],
  'Mutation.assignFollowUpTask': ['admin', 'staff'],
  'Mutation.commentOnFollowUpTask': ['admin', 'staff'],
  'Mutation.resolveFollowUpTask': ['admin', 'staff'],
  'Mutation.sendFeedback': ['customer'],
  'Mutation.replyToFeedback': ['admin', 'staff'],
  'Mutation.resolveFeedback': ['admin', 'staff'],
  // A session reads its own feedback items, but not staff replies' authors' keys.
  'FeedbackReply.author': ['admin', 'marketing', 'staff', 'pos'],
  // Reports (issue 14): admin and marketing read them; staff read the feedback one.
  'Query.reportSettings': ['admin', 'marketing'],
  'Query.liabilityReport': ['admin', 'marketing'],
  'Query.healthReport': ['admin', 'marketing'],
  'Query.rulesReport': ['admin', 'marketing'],
  'Query.messagingReport': ['admin', 'marketing', 'staff'],
  'Mutation.updateReportSettings': ['admin'],
  'Query.rewardRules': ['admin', 'marketing'],
  'Query.rewardRule': ['admin', 'marketing'],
  'Query.rewardRuleCatalogue': ['admin', 'marketing'],
  'Query.simulateRewardRule': ['admin', 'marketing'],
  'Mutation.createRewardRule': ['admin', 'marketing'],
  'Mutation.updateRewardRule': ['admin', 'marketing'],
  'Mutation.activateRewardRule': ['admin', 'marketing'],
  'Mutation.pauseRewardRule': ['admin', 'marketing'],
  'Mutation.archiveRewardRule': ['admin', 'marketing'],
  'Mutation.validateRewardRule': ['admin', 'marketing'],

  // Data in and out (issue 19): a customer may export their own data; erasure is admin only.
  'Mutation.exportCustomerData': ['admin', 'customer'],
  'Mutation.eraseCustomer': ['admin'],

  // Staff accounts (issue 11). People sign in with a cookie session of one of the key roles.
  'Query.staffUsers': ['admin'],
  'Query.followUpAssignees': ['admin', 'staff'],
  'Query.staffInvitations': ['admin'],
  'Query.staffSessions': ['admin', 'marketing', 'staff'],
  'Mutation.inviteStaff': ['admin'],
  'Mutation.disableStaffUser': ['admin'],
  'Mutation.revokeStaffSession': ['admin', 'marketing', 'staff'],

  // Event webhooks and live updates (issue 15).
  'Query.webhookEndpoints': ['admin'],
  'Query.webhookEndpoint': ['admin'],
  'Query.webhookEventTypes': ['admin'],
  'Mutation.createWebhookEndpoint': ['admin'],
  'Mutation.updateWebhookEndpoint': ['admin'],
  'Mutation.rotateWebhookSecret': ['admin'],
  'Mutation.deleteWebhookEndpoint': ['admin'],
  'Mutation.replayWebhookEvent': ['admin'],
  'Subscription.balanceChanged': ['customer'],
  'Subscription.rewardIssued': ['customer'],
  'Subscription.tierChanged': ['customer'],
  'Subscription.feedbackReceived': ['admin', 'staff'],

  // Staff notes are for staff and the till, never for the customer's own app.
  'Customer.notes': ['admin', 'marketing', 'staff', 'pos'],
  // Message history: staff, and a session only ever reaches its own Customer (through `me`).
  'Customer.messages': ['admin', 'marketing', 'staff', 'customer'],
};

/**
 * Root fields anyone may call, signed in or not: signing in, accepting an invitation, signing
 * out and asking who is signed in. Each decides for itself what a caller gets.
 */
export const OPEN_FIELDS: ReadonlySet<string> = new Set([
  'Mutation.signIn',
  'Mutation.acceptStaffInvitation',
  'Mutation.signOut',
  'Query.currentStaff',
]);

export function isAllowed(field: string, role: Role): boolean {
  return PERMISSIONS[field]?.includes(role) ?? false;
}
