import type { ImageImportSummary } from '../../db/database';

// The report of an image-folder import: images per class, transparency and what it was composited
// onto, empty class folders (left out), and every file that was left out, by name, with the reason.

export function ImageImportDetails({ report }: { report: ImageImportSummary }) {
  return (
    <div className="import-summary" data-testid="image-report">
      <p>
        <strong>{report.images.toLocaleString('en-US')} images</strong> at {report.size}×{report.size} {report.color} ·{' '}
        {report.perClass.map((c) => `${c.name} (${c.images})`).join(', ')}
      </p>
      {report.transparent && report.transparent.images > 0 && (
        <p className="muted" data-testid="transparent-images">
          {report.transparent.images.toLocaleString('en-US')} image{report.transparent.images === 1 ? '' : 's'} with transparent pixels, composited onto{' '}
          {report.transparent.background}
        </p>
      )}
      {report.emptyClasses.length > 0 && (
        <p className="warning" data-testid="empty-classes">
          Class folders without usable images, left out of the classes: {report.emptyClasses.join(', ')}
        </p>
      )}
      {report.skipped.length > 0 ? (
        <details open={report.skipped.length <= 20}>
          <summary>
            {report.skipped.length} file{report.skipped.length === 1 ? '' : 's'} skipped
          </summary>
          <ul className="summary-list" data-testid="skipped-files">
            {report.skipped.map((s) => (
              <li key={s.path} data-path={s.path}>
                <code>{s.path}</code>: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : (
        <p className="muted">No files skipped.</p>
      )}
    </div>
  );
}
