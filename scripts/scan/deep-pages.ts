/**
 * Which same-site pages a deep scan visits after the home page: links in document order,
 * pages only (no files, no the home page itself, no query-string variants of one page). Pure.
 */

const FILE_EXTENSION =
  /\.(?:pdf|zip|gz|tgz|rar|7z|exe|dmg|msi|jpe?g|png|gif|webp|avif|svg|ico|mp[34]|mov|avi|webm|woff2?|ttf|css|js|json|xml|rss|atom|txt|csv|xlsx?|docx?|pptx?)$/i;

export function pickDeepPages(links: readonly string[], homeUrl: string): string[] {
  const home = new URL(homeUrl);
  const seen = new Set<string>([pageKey(home)]);
  const picked: string[] = [];
  for (const link of links) {
    const url = new URL(link);
    if (url.hostname !== home.hostname || FILE_EXTENSION.test(url.pathname)) continue;
    const key = pageKey(url);
    if (seen.has(key)) continue;
    seen.add(key);
    picked.push(url.href);
  }
  return picked;
}

function pageKey(url: URL): string {
  return `${url.hostname}${url.pathname.replace(/\/+$/, '') || '/'}`;
}
