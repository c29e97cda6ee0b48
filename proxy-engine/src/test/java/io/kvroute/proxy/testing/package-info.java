/**
 * Fixtures for end-to-end proxy tests: real backends on loopback, the proxy on a real etcd, Traefik keys.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.testing.ProxyHarness}: the shared set-up as one extension: etcd per class, backends
 *       and a proxy per test, closed after it.</li>
 *   <li>{@link io.kvroute.proxy.testing.RunningProxy}: the proxy on an {@code EtcdExtension}, writes and requests.</li>
 *   <li>{@link io.kvroute.proxy.testing.TraefikKeys}: v3 router, service, server and middleware keys.</li>
 *   <li>{@link io.kvroute.proxy.testing.Backend}: an HTTP server answering its name; 500, slow, stop, restart.</li>
 *   <li>{@link io.kvroute.proxy.testing.WebSocketEchoBackend}: a WebSocket echo server.</li>
 *   <li>{@link io.kvroute.proxy.testing.SilentServer}: a hung server: accepts, reads, never answers.</li>
 *   <li>{@link io.kvroute.proxy.testing.KeepAliveServer}: answers 200 on kept-alive connections and counts how many
 *       are open.</li>
 *   <li>{@link io.kvroute.proxy.testing.UnansweredServer}: connects that never complete (a full accept queue).</li>
 *   <li>{@link io.kvroute.proxy.testing.FreezingRelay}: a TCP relay whose open connections can go silent (a server
 *       that stopped answering, HTTP/2 PINGs included).</li>
 *   <li>{@link io.kvroute.proxy.testing.TlsBackend}: an HTTPS server answering its name, optionally requiring a
 *       client certificate; records SNI and client certificate.</li>
 *   <li>{@link io.kvroute.proxy.testing.TestPki}: a CA and the certificates it signs, made for one test.</li>
 *   <li>{@link io.kvroute.proxy.testing.PostgresServerExtension}: a real PostgreSQL with {@code ssl=on} on a free
 *       port, and its {@code psql} client.</li>
 *   <li>{@link io.kvroute.proxy.testing.NginxProcess}: a real nginx around a test's own {@code http} block.</li>
 *   <li>{@link io.kvroute.proxy.testing.RedisServerExtension}: a real Redis (plain, TLS or a cluster node) and a
 *       client of the test's own.</li>
 *   <li>{@link io.kvroute.proxy.testing.ServedApi}: a runtime on a store with its open web server, and JSON GETs of
 *       its API.</li>
 *   <li>{@link io.kvroute.proxy.testing.LoopbackHttpServer}: the JDK's HTTP server for an origin written by hand.</li>
 *   <li>{@link io.kvroute.proxy.testing.StoppedHttpd}: a real {@code busybox httpd} process, SIGSTOPped by PID.</li>
 * </ul>
 */
package io.kvroute.proxy.testing;
