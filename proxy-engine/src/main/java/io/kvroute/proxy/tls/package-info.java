/**
 * HTTPS at the edge, with BoringSSL through Netty's OpenSSL engine or the JDK's TLS (JSSE), as
 * {@link io.kvroute.proxy.tls.TlsStack} chooses ({@code --tls.provider}; BoringSSL by default, client certificates
 * included, the JDK's where it cannot load): which certificate and which TLS options a connection gets, as
 * Traefik chooses them, from one immutable {@link io.kvroute.proxy.tls.ServedTls} behind one
 * {@link java.util.concurrent.atomic.AtomicReference} ({@link io.kvroute.proxy.tls.TlsServing}), swapped whole when
 * the store changes or a certificate resolver hands over new certificates
 * ({@link io.kvroute.proxy.tls.TlsServing#publishManaged} with {@link io.kvroute.proxy.tls.ManagedCertificates}: ACME
 * certificates join the default store after the store's own, source {@code acme}); connections already established
 * keep the keys they negotiated.
 *
 * <p>A TLS entry point (and the TLS connections of an entry point without {@code http.tls}, told apart by their first
 * byte in {@code io.kvroute.proxy.http.EntryPointListeners}) reads each connection's ClientHello first
 * ({@link io.kvroute.proxy.tls.FirstBytesPeek}, at once when it has come, as the TCP routers beside them do;
 * {@link io.kvroute.proxy.tls.ClientHelloNames}), picks the options of the routers whose {@code Host} names the SNI
 * (else {@code default}), creates the engine with those options' versions, cipher suites and client authentication
 * (on BoringSSL the options' context carries them, so that an engine starts with them), and hands the connection to
 * Undertow's ALPN listener ({@link io.kvroute.proxy.tls.TlsHandshakeListener}). A ClientHello offering ALPN {@code acme-tls/1} is a
 * TLS-ALPN-01 validation: it gets the pending challenge certificate of its SNI and is closed after the handshake
 * ({@link io.kvroute.proxy.tls.TlsAlpnChallengeAnswer}), or is refused when none is pending. The certificate is picked during the handshake by
 * {@link io.kvroute.proxy.tls.SniKeyManager}: exact name, then a one-label wildcard, then the default store's
 * {@code defaultCertificate}, then a self-signed certificate generated at start
 * ({@link io.kvroute.proxy.tls.GeneratedDefaultCertificate}); a certificate past its not-after is skipped at
 * handshake time. Options the JDK cannot apply per connection ({@code curvePreferences},
 * {@code disableSessionTickets}) make those options unusable, and their routers are left out: never weaker.
 *
 * <p>Once a request arrives, {@link io.kvroute.proxy.tls.MisdirectedRequestCheck} answers 421 when its {@code Host}
 * has other TLS options than the connection's SNI (Traefik's guard against domain fronting). Each connection's session
 * keeps the options it shook hands with ({@link io.kvroute.proxy.tls.HandshakeOptions}); the routing snapshot keeps
 * the options its configuration gives each server name ({@link io.kvroute.proxy.tls.ConnectionOptions}), and a
 * request over a connection made with others (before its host's options changed) gets 421 instead of a router.
 */
package io.kvroute.proxy.tls;
