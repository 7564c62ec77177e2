/** Copies the page's address, whose hash holds the whole configuration, so a shared link opens the same setup. */
import { useState } from 'react';

export function CopyLink() {
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <button
      type="button"
      className="copy-link"
      onClick={() => {
        navigator.clipboard.writeText(location.href).then(
          () => setCopied('Link copied'),
          () => setCopied('Copy the address bar: the link holds the setup'),
        );
        setTimeout(() => setCopied(null), 2500);
      }}
    >
      {copied ?? 'Copy link'}
    </button>
  );
}
