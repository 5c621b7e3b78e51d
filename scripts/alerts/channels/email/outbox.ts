/** Where digests go without SMTP, relative to the working directory (git-ignored via .techscan/). */
export const DEFAULT_OUTBOX_DIR = '.techscan/outbox';
/** Where `digest --preview` writes HTML files for a browser. */
export const DEFAULT_PREVIEW_DIR = '.techscan/preview';
