/**
 * The etcd v3 {@link io.kvroute.kv.store.KvStore} adapter over etcd's JSON gateway, for the agent, with the JDK's
 * {@code HttpURLConnection} for calls and ONE watch stream per store that every watch shares:
 * the jetcd adapter's gRPC, Netty, Vert.x and protobuf classes, threads and buffers cost an agent about 20 MiB of its
 * 64 MiB resident budget (84 MiB with jetcd, 63.5 MiB on the in-process store), and the JDK's
 * {@code java.net.http.HttpClient} about 14 MiB (it sets up TLS even for plain HTTP). The behaviour is the jetcd
 * adapter's ({@link io.kvroute.kv.store.etcd}): deadlines on every call, failover to the next member on refusal or
 * silence, lease keep-alives of its own that move past a hung member, watches that require a leader and end on
 * errors or when their member stops answering.
 *
 * <p>One watch stream, not one per prefix: etcd's gateway carries one watch per HTTP/1.1 request (Go's server discards
 * the rest of a request body once the answer starts), so a stream per watched prefix cost an agent about forty etcd
 * connections for twenty services, forty thousand for a thousand hosts. The store's watches share one stream of
 * their common root ({@code traefik/}) instead, and each gets the events under its own prefix. The trade-off: every
 * agent now receives the events of the whole root over its one connection. In steady state there are none; while the
 * fleet churns (agents registering, services moving) each change reaches every agent, events x agents bytes, where
 * per-prefix streams carried only the changes an agent watches. Events of one revision reach every watch of the store
 * in one pass, and the stream restarts (dropping repeats) only when a watch needs older history than it has passed.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.store.etcdhttp.EtcdHttpKvStore}: the adapter;</li>
 *   <li>{@code EtcdGateway}: one POST per call, member failover, deadlines, the auth token;</li>
 *   <li>{@code WatchMultiplexer}: the store's watches on one stream, which revision and root it starts from, who gets
 *       which event, whom compaction or the stream's end ends;</li>
 *   <li>{@code WatchStreams}, {@code ChunkedLines}: the watch stream's connection (read by one NIO selector thread, or a
 *       thread of its own over TLS) and its chunked answer, a line at a time;</li>
 *   <li>{@code EtcdHttpLease}: keep-alive requests to any member, retried at once when unanswered, loss detection;</li>
 *   <li>{@code EtcdHttpWatch}: the streamed watch answer to the multiplexer; the store probes the member the stream
 *       sits on, as gRPC pings its connections;</li>
 *   <li>{@code GatewayErrors}, {@code GatewayJson}, {@code GatewayTls}: error translation, the gateway's JSON encoding,
 *       TLS from PEM files.</li>
 * </ul>
 */
package io.kvroute.kv.store.etcdhttp;
