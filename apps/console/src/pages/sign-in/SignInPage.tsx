import { type SignInRequest } from '@certlab/contracts';
import { ShieldCheck } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { errorMessage } from '../../api/client';
import { safeReturnPath, useAuth } from '../../app/auth';
import { usePageTitle } from '../../app/page';
import { Banner } from '../../design/Banner';
import { Button } from '../../design/Button';
import { TextField } from '../../design/Field';
import './sign-in.css';

export function SignInPage() {
  usePageTitle('Sign in');
  const { session, signIn } = useAuth();
  const [search] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeReturnPath(search.get('next'));

  if (session) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Only "both given" is checked here: the server checks the rest, and the first page stays
    // free of the schema library (about a third of its JavaScript).
    const request: SignInRequest = { username: username.trim(), password };
    if (request.username === '' || request.password === '') {
      setError('Enter your username and password.');
      return;
    }
    setBusy(true);
    setError(null);
    // Once the session is set, this page renders <Navigate to={next}> itself.
    signIn(request).catch((failure: unknown) => {
      setError(errorMessage(failure));
      setBusy(false);
    });
  };

  return (
    <main className="sign-in">
      <form
        className="sign-in-card card"
        onSubmit={submit}
        noValidate
        aria-labelledby="sign-in-title"
      >
        <div className="sign-in-brand">
          <span className="brand-mark" aria-hidden="true">
            <ShieldCheck size={20} />
          </span>
          <div>
            <h1 id="sign-in-title">Sign in to certlab</h1>
            <p className="muted">The PKI lab you can watch.</p>
          </div>
        </div>
        {error && (
          <Banner tone="danger" title="Sign-in failed">
            {error}
          </Banner>
        )}
        <TextField
          label="Username"
          name="username"
          autoComplete="username"
          autoFocus
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <Button type="submit" variant="primary" busy={busy}>
          Sign in
        </Button>
        <p className="subtle">
          The lab prints the passwords of its users at its first start. A sign-in lasts eight hours
          by default (CERTLAB_SESSION_HOURS); moving the lab clock never signs anyone out.
        </p>
      </form>
    </main>
  );
}
