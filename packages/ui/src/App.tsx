export function App() {
  return (
    <main>
      <h1>Sign in</h1>
      <p>This is a placeholder for the sign-in experience.</p>
      <p>
        Current path: <code data-testid="pathname">{window.location.pathname}</code>
      </p>
    </main>
  );
}
