export function App() {
  return (
    <main>
      <h1>Admin Console</h1>
      <p>This is a placeholder for the admin console.</p>
    </main>
  );
}
