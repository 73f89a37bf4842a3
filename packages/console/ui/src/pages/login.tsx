import { useState } from 'preact/hooks';
import { Api, ApiFailure, apiBase } from '../api.js';
import { Heading } from '../components.js';
import { useI18n } from '../i18n.js';

/** Asks for the admin token and checks it against the API before keeping it. */
export function LoginPage({ onLogin }: { onLogin: (token: string) => void }) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await new Api(apiBase(location.pathname), token.trim()).sources();
      onLogin(token.trim());
    } catch (e) {
      setError(t('loginRefused', { message: e instanceof ApiFailure ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="login">
      <Heading>{t('loginTitle')}</Heading>
      <p id="login-help">{t('loginHelp')}</p>
      <form onSubmit={submit}>
        <label for="token">{t('token')}</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="current-password"
          required
          aria-describedby="login-help"
          aria-invalid={error ? 'true' : undefined}
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy}>
          {t('login')}
        </button>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
