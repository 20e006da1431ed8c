import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { hrefOf, parseRoute, type Route } from './lib/route';
import { currentSession, signOut } from './lib/session';
import { AuditView } from './views/audit-view';
import { SignInView } from './views/sign-in';
import { WorklistView } from './views/worklist';
import { AccountView } from './views/account-view';
import { InvoiceView } from './views/invoice-view';
import { StatementView } from './views/statement-view';
import { ChainView } from './views/chain-view';
import { DashboardView } from './views/dashboard-view';
import './styles.css';

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

function App() {
  const route = useRoute();
  const session = currentSession();
  const view = session ? route.view : 'sign-in';
  return (
    <>
      <header>
        <a class="skip" href="#main">
          Skip to the content
        </a>
        <nav aria-label="Console">
          <a href={hrefOf('worklist')}>Worklist</a> <a href={hrefOf('audit')}>Audit</a>{' '}
          <a href={hrefOf('dashboard')}>Metrics</a> <a href={hrefOf('chain')}>Hash chain</a>{' '}
          {session ? (
            <span>
              Signed in as {session.subject} ({session.roles.join(', ')}){' '}
              <a href={hrefOf('sign-in')} onClick={() => signOut()}>
                Sign out
              </a>
            </span>
          ) : (
            <a href={hrefOf('sign-in')}>Sign in</a>
          )}
        </nav>
      </header>
      <main id="main" data-view={view}>
        <Page view={view} params={route.params} />
      </main>
    </>
  );
}

function Page({ view, params }: Route) {
  switch (view) {
    case 'sign-in':
      return <SignInView />;
    case 'audit':
      return <AuditView params={params} />;
    case 'account':
      return <AccountView params={params} />;
    case 'invoice':
      return <InvoiceView params={params} />;
    case 'statement':
      return <StatementView params={params} />;
    case 'chain':
      return <ChainView />;
    case 'dashboard':
      return <DashboardView params={params} />;
    default:
      return <WorklistView params={params} />;
  }
}

render(<App />, document.getElementById('app') as HTMLElement);
