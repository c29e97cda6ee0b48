/**
 * The HTTP path of a proxied request: strict request framing, the entry point's header hygiene and path policy,
 * routing, Undertow's {@code ProxyClient} over the snapshot, and the per-server keep-alive pools that survive
 * configuration swaps.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.http.EntryPointRequests}: client headers cleaned ({@code ClientRequestHeaders}),
 *   path checked and normalized, entry point {@code X-Forwarded-*} set, before the entry point's redirection and
 *   routing.</li>
 *   <li>{@link io.kvroute.proxy.http.EntryPointHandler}: route lookup, v1 rewrites, 404; 421 over a TLS connection
 *   made with other options than its server name's, which is closed after it ({@code Http2ConnectionEnd} for
 *   HTTP/2); the origin's hop-by-hop response headers removed ({@code ResponseHopByHop}).</li>
 *   <li>{@link io.kvroute.proxy.http.EntryPointOptions}: what an entry point's Traefik flags relax (encoded
 *   characters, path sanitizing, underscore headers, trusted forwarding headers).</li>
 *   <li>{@link io.kvroute.proxy.http.SnapshotProxyClient}: server pick, retry elsewhere (after the retry
 *   middleware's backoff, within its {@code timeout}), passive ejection; each
 *   attempt ({@code UpstreamAttempt}) gets its service's servers transport timeouts or the
 *   {@link io.kvroute.proxy.http.ForwardingPolicy} defaults: a connect beyond {@code dialTimeout} fails
 *   ({@code ConnectAttempt}; when no other server answers, the status Traefik gives the cause of the failed
 *   connect, where it is known: {@code ConnectFailure}), response headers that do not come in time end it
 *   ({@code HeaderWait}: 504, or a GET, HEAD, OPTIONS or TRACE without a body once more on another server).</li>
 *   <li>{@code MirrorCalls}: the copies a mirroring service's mirrors get once the main
 *   response has ended, fire and forget and bounded; the body is read before forwarding ({@code MirrorBody}) and
 *   the head taken as the main server got it ({@code MirroredRequest}).</li>
 *   <li>{@link io.kvroute.proxy.http.ServerPools}: one connection pool per server URL, idle timeout (the
 *       transport's {@code idleConnTimeout}) and protocol ({@code UpstreamProtocol}: HTTP/2 with prior knowledge to
 *       {@code h2c://} servers, h2 by ALPN to {@code https://} ones unless {@code disableHTTP2}, HTTP/1.1 for
 *       upgrades); HTTP/1.1 connections serve one request at a time ({@code KeepAlivePool}, which dials
 *       through {@link io.kvroute.proxy.http.KeepAliveDialer} to learn why a dial failed; {@code Http1TlsDialer}),
 *       HTTP/2 connections one stream at a time ({@code Http2Pool}, {@code Http2Connection.MOST_STREAMS}), drained by a graceful
 *       GOAWAY ({@code GoAwayChannel}, opened by {@code Http2Dialer}), kept alive by the transport's pings
 *       ({@code Http2Pings}). A TLS dial ends its handshake before the HTTP client gets the connection
 *       ({@code TlsHandshake}), and learns why a server certificate was refused ({@code RefusalRecordingSsl}).</li>
 *   <li>{@link io.kvroute.proxy.http.RequestFraming}: HTTP/1.1 framing as strict as nginx; a body that breaks off
 *   aborts its upstream request ({@code BodyGuard}, {@code BrokenBody}).</li>
 *   <li>{@link io.kvroute.proxy.http.EntryPointListeners}: the entry points' sockets; every connection reads through
 *   a {@link io.kvroute.proxy.http.RequestHeadGuard}, which refuses with 400 the heads Undertow would parse leniently
 *   (obs-fold, a HTAB in {@code Transfer-Encoding}); an entry point without {@code http.tls} serves TLS and plain
 *   HTTP on one port by each connection's first byte ({@code FirstByteSwitch}), and
 *   {@link io.kvroute.proxy.http.EntryPointHandler} routes a TLS connection to the tls routers only, a plain one to the
 *   others only.</li>
 *   <li>{@code UpstreamConnection}: a pooled connection as ProxyHandler sees it: closing aborts, a 101 the client did
 *   not ask for is refused ({@code ProtocolSwitch}), {@code X-Forwarded-For} is the list as Traefik writes it
 *   ({@code ForwardedForList}); under buffering's {@code maxResponseBodyBytes} a body of
 *   undeclared length is read whole first ({@code HeldResponse}).</li>
 *   <li>{@code UndertowInternals}: the private members of Undertow 2.3.27 that {@code KeepAlivePool},
 *   {@code GoAwayChannel} and {@code Http2ConnectionEnd} use; where another Undertow version has them otherwise, one
 *   warning line names them and those classes fall back to Undertow's public path.</li>
 * </ul>
 */
package io.kvroute.proxy.http;
