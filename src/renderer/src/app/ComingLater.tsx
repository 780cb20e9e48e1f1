// A page that a later version of the app fills in, saying plainly what it will do.

export function ComingLater({ title, plan, testId }: { title: string; plan: string; testId: string }) {
  return (
    <section className="page" data-testid={testId}>
      <header className="page-header">
        <h1>{title}</h1>
      </header>
      <div className="panel coming-later">
        <p>{plan}</p>
        <p className="muted">Coming in a later version. Meanwhile, train and review runs on the Runs page.</p>
      </div>
    </section>
  );
}
