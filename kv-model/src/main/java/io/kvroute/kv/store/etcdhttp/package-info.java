/**
 * The etcd v3 {@link io.kvroute.kv.store.KvStore} adapter over etcd's JSON gateway, for the agent, with the JDK's
 * {@code HttpURLConnection} for calls and one NIO selector thread for every watch stream (a thread each over TLS):
 * the jetcd adapter's gRPC, Netty, Vert.x and protobuf classes, threads and buffers cost an agent about 20 MiB of its
 * 64 MiB resident budget (84 MiB with jetcd, 63.5 MiB on the in-process store), and the JDK's
 * {@code java.net.http.HttpClient} about 14 MiB (it sets up TLS even for plain HTTP). The behaviour is the jetcd
 * adapter's ({@link io.kvroute.kv.store.etcd}): deadlines on every call, failover to the next member on refusal or
 * silence, lease keep-alives of its own that move past a hung member, watches that require a leader and end on
 * errors or when their member stops answering.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.store.etcdhttp.EtcdHttpKvStore}: the adapter;</li>
 *   <li>{@code EtcdGateway}: one POST per call, member failover, deadlines, the auth token;</li>
 *   <li>{@code WatchStreams}, {@code ChunkedLines}: the watch streams' connections and their chunked answers, a
 *       line at a time;</li>
 *   <li>{@code EtcdHttpLease}: keep-alive requests to any member, retried at once when unanswered, loss detection;</li>
 *   <li>{@code EtcdHttpWatch}: the streamed watch answer to {@link io.kvroute.kv.store.WatchListener}; the store
 *       probes the members watches sit on, as gRPC pings its connections;</li>
 *   <li>{@code GatewayErrors}, {@code GatewayJson}, {@code GatewayTls}: error translation, the gateway's JSON encoding,
 *       TLS from PEM files.</li>
 * </ul>
 */
package io.kvroute.kv.store.etcdhttp;
