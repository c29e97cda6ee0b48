/**
 * The etcd v3 {@link io.kvroute.kv.store.KvStore} adapter over etcd's JSON gateway, for the agent, with the JDK's
 * {@code HttpURLConnection} for calls and a few watch streams per store, one per kind of watched prefix: the jetcd
 * adapter's gRPC, Netty, Vert.x and protobuf classes, threads and buffers cost an agent about 20 MiB of its 64 MiB
 * resident budget (84 MiB with jetcd, 63.5 MiB on the in-process store), and the JDK's
 * {@code java.net.http.HttpClient} about 14 MiB (it sets up TLS even for plain HTTP). The behaviour is the jetcd
 * adapter's ({@link io.kvroute.kv.store.etcd}): deadlines on every call, failover to the next member on refusal or
 * silence, lease keep-alives of its own that move past a hung member, watches that require a leader and end on
 * errors or when their member stops answering.
 *
 * <p>A few watch streams, not one per prefix nor one for the whole root: etcd's gateway carries one watch per HTTP/1.1
 * request (Go's server discards the rest of a request body once the answer starts), so a stream per watched prefix cost
 * an agent about forty etcd connections for twenty services, forty thousand for a thousand hosts; one stream of the
 * common root ({@code traefik/}) cost one connection, but every agent then received every change of the fleet, events x
 * agents bytes while it churns (50 agents starting together: 17 MB out of etcd). The watches of one kind of prefix
 * ({@code traefik/http/routers/}, {@code traefik/http/services/}, ...) now share one stream over the tightest key range
 * of their prefixes, at most four streams per store: an agent holds two or three connections (one more for each kind,
 * where one stream of the root held one) and receives the changes between its first and its last service of each kind,
 * not the root's (bench/scale, 50 agents of 20 services out of 100: 9.4-9.8 MB out of etcd instead of 16.6-17.0 MB;
 * agent RSS within noise, 63.7-63.9 MiB mean). Those ranges are contiguous: an agent whose services lie far apart in
 * key order still receives the services between them (in that bench an agent's ranges hold 42 of the 100 services on
 * average; splitting each kind at its widest gap would hold 34 for twice the connections). A new prefix outside its
 * stream's range reopens that stream once, from the oldest revision its watches need, repeats dropped; a batch of
 * watches ({@code KvStore.watchAll}, how the agent registers the prefixes of a pass) opens each stream once. Events of
 * one revision reach every watch of a stream in one pass.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.store.etcdhttp.EtcdHttpKvStore}: the adapter;</li>
 *   <li>{@code EtcdGateway}: one POST per call, member failover, deadlines, the auth token;</li>
 *   <li>{@code WatchMultiplexer}: the store's watches on a stream per kind, which revision and {@code KeyRange} each
 *       starts from, who gets which event, whom compaction or a stream's end ends;</li>
 *   <li>{@code WatchStreams}, {@code ChunkedLines}: the watch stream's connection (read by one NIO selector thread, or a
 *       thread of its own over TLS) and its chunked answer, a line at a time;</li>
 *   <li>{@code EtcdHttpLease}: keep-alive requests to any member, retried at once when unanswered, loss detection;</li>
 *   <li>{@code EtcdHttpWatch}: the streamed watch answer to the multiplexer; the store probes the members the streams
 *       sit on, as gRPC pings its connections;</li>
 *   <li>{@code GatewayErrors}, {@code GatewayJson}, {@code GatewayTls}: error translation, the gateway's JSON encoding,
 *       TLS from PEM files.</li>
 * </ul>
 */
package io.kvroute.kv.store.etcdhttp;
