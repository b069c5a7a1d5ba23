import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ProgramRow } from '../modules/programs/programs.repo';
import type { CustomerRow, NoteRow } from '../modules/customers/customers.repo';
import type { PreferencesParent } from './mappers';
import type { AuditRow } from '../modules/audit/audit.repo';
import type { GraphQLContext } from './context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A calendar date, YYYY-MM-DD (birthdays have no time zone). */
  Date: { input: string; output: string; }
  /** An ISO-8601 date-time with offset; stored in UTC. */
  DateTime: { input: Date; output: Date; }
};

export type AuditLogEntry = {
  __typename?: 'AuditLogEntry';
  action: Scalars['String']['output'];
  actorId: Maybe<Scalars['String']['output']>;
  actorKind: Scalars['String']['output'];
  actorRole: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  details: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  targetId: Maybe<Scalars['String']['output']>;
  targetType: Scalars['String']['output'];
};

export type Channel =
  | 'EMAIL'
  | 'PUSH'
  | 'SMS';

export type ChannelConsent = {
  __typename?: 'ChannelConsent';
  changedAt: Maybe<Scalars['DateTime']['output']>;
  channel: Channel;
  /** Where consent was given or withdrawn (app, till, unsubscribe link…). */
  source: Maybe<Scalars['String']['output']>;
  state: ConsentState;
};

export type ConsentInput = {
  channel: Channel;
  granted: Scalars['Boolean']['input'];
};

export type ConsentState =
  | 'DENIED'
  | 'GRANTED'
  | 'UNKNOWN';

export type ContactPreferences = {
  __typename?: 'ContactPreferences';
  consents: Array<ChannelConsent>;
  newsletterTopics: Array<Scalars['String']['output']>;
  preferredChannel: Maybe<Channel>;
  quietHoursEnd: Maybe<Scalars['Int']['output']>;
  /** Minutes after local midnight, in the customer's time zone. */
  quietHoursStart: Maybe<Scalars['Int']['output']>;
  /** Never send an SMS unless the customer has texted the program first. */
  smsOnlyAfterInbound: Scalars['Boolean']['output'];
};

export type CreateCustomerSessionInput = {
  customerId: Scalars['ID']['input'];
};

export type Customer = {
  __typename?: 'Customer';
  birthday: Maybe<Scalars['Date']['output']>;
  email: Maybe<Scalars['String']['output']>;
  enrolledAt: Scalars['DateTime']['output'];
  externalId: Maybe<Scalars['String']['output']>;
  firstName: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  lastName: Maybe<Scalars['String']['output']>;
  locale: Maybe<Scalars['String']['output']>;
  /** Staff notes, pinned first. Never visible to a customer session. */
  notes: Array<CustomerNote>;
  phone: Maybe<Scalars['String']['output']>;
  preferences: ContactPreferences;
  timeZone: Maybe<Scalars['String']['output']>;
};

export type CustomerConnection = {
  __typename?: 'CustomerConnection';
  edges: Array<CustomerEdge>;
  pageInfo: PageInfo;
};

export type CustomerEdge = {
  __typename?: 'CustomerEdge';
  cursor: Scalars['String']['output'];
  node: Customer;
};

export type CustomerNote = {
  __typename?: 'CustomerNote';
  author: Scalars['String']['output'];
  body: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  pinned: Scalars['Boolean']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

export type CustomerSession = {
  __typename?: 'CustomerSession';
  expiresAt: Scalars['DateTime']['output'];
  token: Scalars['String']['output'];
};

export type EnrollCustomerInput = {
  birthday?: InputMaybe<Scalars['Date']['input']>;
  email?: InputMaybe<Scalars['String']['input']>;
  externalId?: InputMaybe<Scalars['String']['input']>;
  firstName?: InputMaybe<Scalars['String']['input']>;
  lastName?: InputMaybe<Scalars['String']['input']>;
  locale?: InputMaybe<Scalars['String']['input']>;
  phone?: InputMaybe<Scalars['String']['input']>;
  timeZone?: InputMaybe<Scalars['String']['input']>;
};

export type EnrollCustomerPayload = {
  __typename?: 'EnrollCustomerPayload';
  /** False when a customer with this externalId already existed (and was returned as is). */
  created: Scalars['Boolean']['output'];
  customer: Customer;
};

/** Each module extends this with its own mutations. */
export type Mutation = {
  __typename?: 'Mutation';
  createCustomerSession: CustomerSession;
  enrollCustomer: EnrollCustomerPayload;
  updateContactPreferences: ContactPreferences;
  updateCustomer: Customer;
};


/** Each module extends this with its own mutations. */
export type MutationCreateCustomerSessionArgs = {
  input: CreateCustomerSessionInput;
};


/** Each module extends this with its own mutations. */
export type MutationEnrollCustomerArgs = {
  input: EnrollCustomerInput;
};


/** Each module extends this with its own mutations. */
export type MutationUpdateContactPreferencesArgs = {
  input: UpdateContactPreferencesInput;
};


/** Each module extends this with its own mutations. */
export type MutationUpdateCustomerArgs = {
  input: UpdateCustomerInput;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Program = {
  __typename?: 'Program';
  createdAt: Scalars['DateTime']['output'];
  /** ISO 4217 code; every amount in this program is in it. */
  currency: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  slug: Scalars['String']['output'];
  /** IANA time zone used for schedules, calendar windows and reports. */
  timeZone: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** Who changed what, newest first (admin). */
  auditLog: Array<AuditLogEntry>;
  customer: Maybe<Customer>;
  /** Customers, newest first. */
  customers: CustomerConnection;
  /** The customer of the current session. */
  me: Maybe<Customer>;
  /** The caller's program. */
  program: Program;
};


export type QueryAuditLogArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  targetId?: InputMaybe<Scalars['String']['input']>;
  targetType?: InputMaybe<Scalars['String']['input']>;
};


export type QueryCustomerArgs = {
  externalId?: InputMaybe<Scalars['String']['input']>;
  id?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryCustomersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type UpdateContactPreferencesInput = {
  consents?: InputMaybe<Array<ConsentInput>>;
  /** Required for API keys; a customer session always acts on its own customer. */
  customerId?: InputMaybe<Scalars['ID']['input']>;
  newsletterTopics?: InputMaybe<Array<Scalars['String']['input']>>;
  preferredChannel?: InputMaybe<Channel>;
  quietHoursEnd?: InputMaybe<Scalars['Int']['input']>;
  quietHoursStart?: InputMaybe<Scalars['Int']['input']>;
  smsOnlyAfterInbound?: InputMaybe<Scalars['Boolean']['input']>;
  /** Where the consent was given: defaults to 'app' for a session, 'staff' or 'pos' for a key. */
  source?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateCustomerInput = {
  birthday?: InputMaybe<Scalars['Date']['input']>;
  customerId: Scalars['ID']['input'];
  email?: InputMaybe<Scalars['String']['input']>;
  firstName?: InputMaybe<Scalars['String']['input']>;
  lastName?: InputMaybe<Scalars['String']['input']>;
  locale?: InputMaybe<Scalars['String']['input']>;
  phone?: InputMaybe<Scalars['String']['input']>;
  timeZone?: InputMaybe<Scalars['String']['input']>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AuditLogEntry: ResolverTypeWrapper<AuditRow>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Channel: Channel;
  ChannelConsent: ResolverTypeWrapper<ChannelConsent>;
  ConsentInput: ConsentInput;
  ConsentState: ConsentState;
  ContactPreferences: ResolverTypeWrapper<PreferencesParent>;
  CreateCustomerSessionInput: CreateCustomerSessionInput;
  Customer: ResolverTypeWrapper<CustomerRow>;
  CustomerConnection: ResolverTypeWrapper<Omit<CustomerConnection, 'edges'> & { edges: Array<ResolversTypes['CustomerEdge']> }>;
  CustomerEdge: ResolverTypeWrapper<Omit<CustomerEdge, 'node'> & { node: ResolversTypes['Customer'] }>;
  CustomerNote: ResolverTypeWrapper<NoteRow>;
  CustomerSession: ResolverTypeWrapper<CustomerSession>;
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  EnrollCustomerInput: EnrollCustomerInput;
  EnrollCustomerPayload: ResolverTypeWrapper<Omit<EnrollCustomerPayload, 'customer'> & { customer: ResolversTypes['Customer'] }>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Program: ResolverTypeWrapper<ProgramRow>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  UpdateContactPreferencesInput: UpdateContactPreferencesInput;
  UpdateCustomerInput: UpdateCustomerInput;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AuditLogEntry: AuditRow;
  Boolean: Scalars['Boolean']['output'];
  ChannelConsent: ChannelConsent;
  ConsentInput: ConsentInput;
  ContactPreferences: PreferencesParent;
  CreateCustomerSessionInput: CreateCustomerSessionInput;
  Customer: CustomerRow;
  CustomerConnection: Omit<CustomerConnection, 'edges'> & { edges: Array<ResolversParentTypes['CustomerEdge']> };
  CustomerEdge: Omit<CustomerEdge, 'node'> & { node: ResolversParentTypes['Customer'] };
  CustomerNote: NoteRow;
  CustomerSession: CustomerSession;
  Date: Scalars['Date']['output'];
  DateTime: Scalars['DateTime']['output'];
  EnrollCustomerInput: EnrollCustomerInput;
  EnrollCustomerPayload: Omit<EnrollCustomerPayload, 'customer'> & { customer: ResolversParentTypes['Customer'] };
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Program: ProgramRow;
  Query: Record<PropertyKey, never>;
  String: Scalars['String']['output'];
  UpdateContactPreferencesInput: UpdateContactPreferencesInput;
  UpdateCustomerInput: UpdateCustomerInput;
};

export type AuditLogEntryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuditLogEntry'] = ResolversParentTypes['AuditLogEntry']> = {
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  actorId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  actorKind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  actorRole?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  details?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  targetId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  targetType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ChannelConsentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ChannelConsent'] = ResolversParentTypes['ChannelConsent']> = {
  changedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  channel?: Resolver<ResolversTypes['Channel'], ParentType, ContextType>;
  source?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['ConsentState'], ParentType, ContextType>;
};

export type ContactPreferencesResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ContactPreferences'] = ResolversParentTypes['ContactPreferences']> = {
  consents?: Resolver<Array<ResolversTypes['ChannelConsent']>, ParentType, ContextType>;
  newsletterTopics?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  preferredChannel?: Resolver<Maybe<ResolversTypes['Channel']>, ParentType, ContextType>;
  quietHoursEnd?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  quietHoursStart?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  smsOnlyAfterInbound?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type CustomerResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Customer'] = ResolversParentTypes['Customer']> = {
  birthday?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  enrolledAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  externalId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  firstName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  locale?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['CustomerNote']>, ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  preferences?: Resolver<ResolversTypes['ContactPreferences'], ParentType, ContextType>;
  timeZone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type CustomerConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CustomerConnection'] = ResolversParentTypes['CustomerConnection']> = {
  edges?: Resolver<Array<ResolversTypes['CustomerEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type CustomerEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CustomerEdge'] = ResolversParentTypes['CustomerEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
};

export type CustomerNoteResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CustomerNote'] = ResolversParentTypes['CustomerNote']> = {
  author?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  pinned?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type CustomerSessionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CustomerSession'] = ResolversParentTypes['CustomerSession']> = {
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export interface DateScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Date'], any> {
  name: 'Date';
}

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type EnrollCustomerPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['EnrollCustomerPayload'] = ResolversParentTypes['EnrollCustomerPayload']> = {
  created?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  customer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  createCustomerSession?: Resolver<ResolversTypes['CustomerSession'], ParentType, ContextType, RequireFields<MutationCreateCustomerSessionArgs, 'input'>>;
  enrollCustomer?: Resolver<ResolversTypes['EnrollCustomerPayload'], ParentType, ContextType, RequireFields<MutationEnrollCustomerArgs, 'input'>>;
  updateContactPreferences?: Resolver<ResolversTypes['ContactPreferences'], ParentType, ContextType, RequireFields<MutationUpdateContactPreferencesArgs, 'input'>>;
  updateCustomer?: Resolver<ResolversTypes['Customer'], ParentType, ContextType, RequireFields<MutationUpdateCustomerArgs, 'input'>>;
};

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type ProgramResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Program'] = ResolversParentTypes['Program']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  timeZone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  auditLog?: Resolver<Array<ResolversTypes['AuditLogEntry']>, ParentType, ContextType, RequireFields<QueryAuditLogArgs, 'first'>>;
  customer?: Resolver<Maybe<ResolversTypes['Customer']>, ParentType, ContextType, Partial<QueryCustomerArgs>>;
  customers?: Resolver<ResolversTypes['CustomerConnection'], ParentType, ContextType, Partial<QueryCustomersArgs>>;
  me?: Resolver<Maybe<ResolversTypes['Customer']>, ParentType, ContextType>;
  program?: Resolver<ResolversTypes['Program'], ParentType, ContextType>;
};

export type Resolvers<ContextType = GraphQLContext> = {
  AuditLogEntry?: AuditLogEntryResolvers<ContextType>;
  ChannelConsent?: ChannelConsentResolvers<ContextType>;
  ContactPreferences?: ContactPreferencesResolvers<ContextType>;
  Customer?: CustomerResolvers<ContextType>;
  CustomerConnection?: CustomerConnectionResolvers<ContextType>;
  CustomerEdge?: CustomerEdgeResolvers<ContextType>;
  CustomerNote?: CustomerNoteResolvers<ContextType>;
  CustomerSession?: CustomerSessionResolvers<ContextType>;
  Date?: GraphQLScalarType;
  DateTime?: GraphQLScalarType;
  EnrollCustomerPayload?: EnrollCustomerPayloadResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Program?: ProgramResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
};

