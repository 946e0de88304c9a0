export function App() {
  return (
    <main>
      <h1>Demo App</h1>
      <p>This is a placeholder for the demo app.</p>
    </main>
  );
}
