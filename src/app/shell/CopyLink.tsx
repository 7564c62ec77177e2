/** Copies the page's address, whose hash holds the whole configuration, so a shared link opens the same setup. */
import { useState } from 'react';

export function CopyLink(props: { hash?: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <button
      type="button"
      className="copy-link"
      // what a link can hold: the settings, applied to whatever data opens it (on images the pretrained encoders
      // do not fit, the lab trains on the random encoder whatever the link's encoder)
      title="Copies a link to these settings. It holds no images: whoever opens it trains on their own data."
      onClick={() => {
        // The current configuration, even when the debounced address bar has not caught up yet.
        const url = props.hash ? `${location.href.split('#')[0]}${props.hash}` : location.href;
        navigator.clipboard.writeText(url).then(
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
