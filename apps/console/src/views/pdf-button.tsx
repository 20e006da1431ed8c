import { useState } from 'preact/hooks';
import { getFile } from '../api/client';
import { download } from '../lib/evidence-export';

/**
 * Downloads a PDF the server produced (the figures of the JSON view it stands beside), fetched
 * with the session's token; a refusal is shown, not swallowed.
 */
export function PdfButton({
  path,
  query = {},
  fileName,
  label,
}: {
  path: string;
  query?: Record<string, string | undefined>;
  fileName: string;
  label: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      download(fileName, await getFile(path, query), 'application/pdf');
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" disabled={busy} onClick={() => void save()}>
        {label}
      </button>
      {error && <span role="alert"> {error}</span>}
    </>
  );
}
