import { useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { Api, apiBase } from './api.js';
import { Heading } from './components.js';
import { I18nContext, initialLang, translator, useI18n, type Lang } from './i18n.js';
import { LoginPage } from './pages/login.js';
import { DatasetPage } from './pages/dataset.js';
import { DatasetsPage } from './pages/datasets.js';
import { RunPage } from './pages/run.js';
import { SourceFormPage } from './pages/source-form.js';
import { SourcePage } from './pages/source.js';
import { SourcesPage } from './pages/sources.js';
import { href, parseRoute, type Route } from './router.js';

const TOKEN_KEY = 'moisson.adminToken';
const LANG_KEY = 'moisson.lang';

function storedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function PageFor({ route, api }: { route: Route; api: Api }) {
  switch (route.page) {
    case 'sources':
      return <SourcesPage api={api} />;
    case 'new-source':
      return <SourceFormPage api={api} />;
    case 'edit-source':
      return <SourceFormPage api={api} id={route.id} key={route.id} />;
    case 'source':
      return <SourcePage api={api} id={route.id} key={route.id} />;
    case 'run':
      return <RunPage api={api} id={route.id} key={route.id} />;
    case 'datasets':
      return <DatasetsPage api={api} query={route.query} />;
    case 'dataset':
      return <DatasetPage api={api} id={route.id} key={route.id} />;
    case 'not-found':
      return <NotFound />;
  }
}

function NotFound() {
  const { t } = useI18n();
  return <Heading>{t('notFound')}</Heading>;
}

export function App() {
  const [lang, setLang] = useState<Lang>(() => initialLang(localStorage.getItem(LANG_KEY), navigator.languages ?? []));
  const [token, setToken] = useState<string | null>(storedToken);
  const route = useRoute();
  const i18n = useMemo(() => ({ lang, t: translator(lang) }), [lang]);
  const api = useMemo(() => (token ? new Api(apiBase(location.pathname), token) : undefined), [token]);
  const { t } = i18n;

  // Before the browser paints the new language's text (useEffect would run after it): assistive
  // technologies, and anything reading the page, never see French text under lang="en".
  useLayoutEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem(LANG_KEY, lang);
  }, [lang]);
  useEffect(() => {
    document.title = t('appName');
  }, [t]);

  const login = (value: string) => {
    sessionStorage.setItem(TOKEN_KEY, value);
    setToken(value);
  };
  const logout = () => {
    sessionStorage.removeItem(TOKEN_KEY);
    setToken(null);
  };
  const other: Lang = lang === 'en' ? 'fr' : 'en';
  const current = route.page;

  return (
    <I18nContext.Provider value={i18n}>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        {t('skip')}
      </a>
      <header class="top">
        <a class="brand" href={href.sources()}>
          {t('appName')}
        </a>
        {api && (
          <nav aria-label={t('appName')}>
            <a href={href.sources()} aria-current={current.includes('source') ? 'page' : undefined}>
              {t('navSources')}
            </a>
            <a href={href.datasets()} aria-current={current.startsWith('dataset') ? 'page' : undefined}>
              {t('navDatasets')}
            </a>
          </nav>
        )}
        <div class="top-actions">
          <button type="button" lang={other} aria-label={t('switchToLabel')} onClick={() => setLang(other)}>
            {t('switchTo')}
          </button>
          {api && (
            <button type="button" onClick={logout}>
              {t('logout')}
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {api ? <PageFor route={route} api={api} /> : <LoginPage onLogin={login} />}
      </main>
    </I18nContext.Provider>
  );
}
