/**
 * Test fixtures shared through kv-model's test-jar: real servers the store tests (and other modules' tests) run
 * against.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.testing.EtcdExtension}: a real etcd on free loopback ports, with stop, start, pause and
 *       compact for outage tests.</li>
 *   <li>{@link io.kvroute.kv.testing.Measured}: timings a test reports ({@code MEASURED ...} lines).</li>
 * </ul>
 */
package io.kvroute.kv.testing;
