// The sign-in form: paste the API token printed on the server's first start.
import { useId, useState } from "react";

export function SignIn({ onToken, error }: { onToken: (token: string) => void; error?: string | null }) {
  const id = useId();
  const [value, setValue] = useState("");
  return (
    <main className="demo-signin">
      <form
        className="rms-card demo-signin__card"
        onSubmit={(event) => {
          event.preventDefault();
          if (value.trim()) onToken(value.trim());
        }}
      >
        <h1>Realm migrations</h1>
        <p className="rms-muted">
          Sign in with an API token. The server prints an admin token on its first start; you can also open this page
          with <code>?token=…</code>.
        </p>
        <label htmlFor={id}>API token</label>
        <input
          id={id}
          type="password"
          autoComplete="off"
          autoFocus
          value={value}
          onChange={(event) => setValue(event.target.value)}
          placeholder="rms_…"
        />
        {error && (
          <p role="alert" className="rms-error">
            {error}
          </p>
        )}
        <button type="submit" className="rms-button rms-button--primary" disabled={!value.trim()}>
          Sign in
        </button>
      </form>
    </main>
  );
}
