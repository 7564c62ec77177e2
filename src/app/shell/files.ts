/** Files the app hands to the user or to its workers. */
/** Saves data as a file through a temporary link (the browser's download). */
export function download(name: string, data: BlobPart, type: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([data], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** The shipped encoder (public/models/fmnist-simclr), as the workers fetch it. */
export const SHIPPED_ENCODER_URL = `${import.meta.env.BASE_URL}models/fmnist-simclr/model.json`;
