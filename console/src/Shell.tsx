import type { ComponentType } from 'preact';
import { CataloguePage } from './pages/Catalogue';
import { CustomerPage } from './pages/Customer';
import { CustomersPage } from './pages/Customers';
import { FeedbackPage } from './pages/Feedback';
import { NewsletterPage } from './pages/Newsletter';
import { NewslettersPage } from './pages/Newsletters';
import { OverviewPage } from './pages/Overview';
import { RulePage } from './pages/Rule';
import { RulesPage } from './pages/Rules';
import { SessionsPage } from './pages/Sessions';
import { TeamPage } from './pages/Team';
import { TiersPage } from './pages/Tiers';
import { Link, type Location, match } from './router';
import { can, useSession } from './session';
import { Page } from './ui';

interface Route {
  pattern: string;
  page: ComponentType<{ params: Record<string, string>; query: URLSearchParams }>;
  /** The root field the page needs: no permission, no page (and no link to it). */
  needs: string;
}

const ROUTES: Route[] = [
  { pattern: '/', page: OverviewPage, needs: 'Query.program' },
  { pattern: '/customers', page: CustomersPage, needs: 'Query.customers' },
  { pattern: '/customers/:id', page: CustomerPage, needs: 'Query.customer' },
  { pattern: '/rules', page: RulesPage, needs: 'Query.rewardRules' },
  { pattern: '/rules/new', page: RulePage, needs: 'Mutation.createRewardRule' },
  { pattern: '/rules/:id', page: RulePage, needs: 'Query.rewardRule' },
  { pattern: '/tiers', page: TiersPage, needs: 'Query.tierSettings' },
  { pattern: '/catalogue', page: CataloguePage, needs: 'Mutation.upsertCatalogItem' },
  { pattern: '/newsletters', page: NewslettersPage, needs: 'Query.newsletters' },
  { pattern: '/newsletters/new', page: NewsletterPage, needs: 'Mutation.createNewsletter' },
  { pattern: '/newsletters/:id', page: NewsletterPage, needs: 'Query.newsletter' },
  { pattern: '/feedback', page: FeedbackPage, needs: 'Query.feedbackItems' },
  { pattern: '/feedback/surveys', page: SurveysOnly, needs: 'Query.surveyResponses' },
  { pattern: '/feedback/:tab', page: FeedbackPage, needs: 'Query.feedbackItems' },
  { pattern: '/team', page: TeamPage, needs: 'Query.staffUsers' },
  { pattern: '/sessions', page: SessionsPage, needs: 'Query.staffSessions' },
  { pattern: '/accept', page: AlreadySignedIn, needs: 'Query.program' },
];

/** An invitation link opened while signed in: it is for someone else, or already used. */
function AlreadySignedIn() {
  const { staff, signOut } = useSession();
  return (
    <Page title="You are already signed in">
      <p>
        You are signed in as {staff.name} ({staff.email}). To accept an invitation for another account, sign
        out first and open the link again.
      </p>
      <div class="buttons">
        <Link href="/" class="button primary">
          Go to the overview
        </Link>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </Page>
  );
}

/** The survey answers tab, for marketing too (who has no inbox). */
function SurveysOnly() {
  return <FeedbackPage params={{ tab: 'surveys' }} />;
}

/** Menu entries: shown when the role may call `needs`, and not when it may call `unless`. */
const NAV: [href: string, label: string, needs: string, unless?: string][] = [
  ['/', 'Overview', 'Query.program'],
  ['/customers', 'Customers', 'Query.customers'],
  ['/rules', 'Reward rules', 'Query.rewardRules'],
  ['/tiers', 'Tiers', 'Query.tierSettings'],
  ['/catalogue', 'Catalogue', 'Mutation.upsertCatalogItem'],
  ['/newsletters', 'Newsletters', 'Query.newsletters'],
  ['/feedback', 'Feedback', 'Query.feedbackItems'],
  ['/feedback/surveys', 'Survey answers', 'Query.surveyResponses', 'Query.feedbackItems'],
  ['/team', 'Team', 'Query.staffUsers'],
];

function section(path: string): string {
  return `/${path.split('/')[1] ?? ''}`;
}

/** Header (programme, currency, who is signed in), the navigation the role allows, and the page. */
export function Shell({ location }: { location: Location }) {
  const { staff, program, signOut } = useSession();
  const allowed = (needs: string) => can(staff, needs);
  let found: { route: Route; params: Record<string, string> } | null = null;
  for (const route of ROUTES) {
    const params = match(route.pattern, location.path);
    if (params) {
      found = { route, params };
      break;
    }
  }
  const here = section(location.path);
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <div class="brand">
          <span class="program">{program.name}</span>
          <span class="currency" title="Every amount is in this currency">
            {program.currency}
          </span>
        </div>
        <nav aria-label="Console">
          <ul>
            {NAV.filter(([, , needs, unless]) => allowed(needs) && !(unless && allowed(unless))).map(
              ([href, label]) => (
                <li key={href}>
                  <Link href={href} aria-current={section(href) === here ? 'page' : undefined}>
                    {label}
                  </Link>
                </li>
              ),
            )}
          </ul>
        </nav>
        <div class="me">
          <Link href="/sessions" aria-current={here === '/sessions' ? 'page' : undefined}>
            {staff.name}
          </Link>{' '}
          <span class="role">({staff.role.toLowerCase()})</span>{' '}
          <button type="button" class="link" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main">
        {!found ? (
          <Page title="Not found">
            <p>
              There is no such page. <Link href="/">Back to the overview</Link>.
            </p>
          </Page>
        ) : !allowed(found.route.needs) ? (
          <Page title="Not for your role">
            <p>
              Your role ({staff.role.toLowerCase()}) may not open this page. An admin can change your role.
            </p>
          </Page>
        ) : (
          <found.route.page key={location.path} params={found.params} query={location.query} />
        )}
      </main>
    </>
  );
}
