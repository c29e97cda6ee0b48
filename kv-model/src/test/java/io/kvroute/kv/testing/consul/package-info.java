/**
 * A stub of Consul's documented HTTP API for tests, built on WireMock: <b>not Consul</b>. It keeps KV entries,
 * tombstones, sessions and the Raft index in memory and answers the endpoints kvroute's Consul adapter uses with the
 * semantics Consul documents, plus fault injection. No Consul binary is available on the build machines; tests that
 * need the real thing run only when {@code consul} is on the PATH.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.testing.consul.ConsulEmulator}: start one, point a store at it, inject faults, verify
 *       requests through WireMock's journal.</li>
 *   <li>{@code ConsulState}: the in-memory state, blocking reads and session expiry.</li>
 *   <li>{@code ConsulHttpApi}: the WireMock extension routing to {@code KvEndpoint}, {@code TxnEndpoint} and
 *       {@code SessionEndpoint}.</li>
 * </ul>
 */
package io.kvroute.kv.testing.consul;
