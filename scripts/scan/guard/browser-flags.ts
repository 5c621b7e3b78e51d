/**
 * Chromium flags that leave the guard proxy as the browser's only way out. The proxy itself is
 * set per context (`proxyFor`); these close every path around it.
 */
export const GUARD_ARGS: readonly string[] = [
  // The browser resolves nothing itself: names go to the proxy, which resolves and checks them.
  // The proxy listens on 127.0.0.1, the one host left resolvable.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  // HTTP/3 runs over UDP, which a SOCKS proxy does not carry.
  '--disable-quic',
  // WebRTC may only use the proxy: no UDP ICE candidates, no local addresses in candidates.
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
  '--webrtc-ip-handling-policy=disable_non_proxied_udp',
  // No speculative connections or lookups that could start before a request is made.
  // (Playwright's own --disable-features list is left whole: a second such flag would replace it.)
  '--dns-prefetch-disable',
];

/**
 * The context's proxy settings. Playwright adds `<-loopback>` to the bypass list, which removes
 * Chromium's implicit rule that loopback never goes through a proxy: 127.0.0.1 and localhost
 * are checked like any other address.
 */
export function proxyFor(proxyUrl: string): { server: string; bypass: string } {
  return { server: proxyUrl, bypass: '<-loopback>' };
}
