/**
 * Test fixtures shared through kv-model's test-jar: real servers the store tests (and other modules' tests) run
 * against, and real certificates for the TLS tests.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.testing.EtcdExtension}: a real etcd on free loopback ports, with stop, start, pause and
 *       compact for outage tests.</li>
 *   <li>{@link io.kvroute.kv.testing.Measured}: timings a test reports ({@code MEASURED ...} lines).</li>
 *   <li>{@link io.kvroute.kv.testing.TlsFixtures}: certificates and keys as PEM (valid, expired, not yet valid;
 *       RSA, ECDSA, Ed25519; PKCS #8, PKCS #1, SEC 1), made with the JDK's keytool by
 *       {@link io.kvroute.kv.testing.KeytoolCertificates}.</li>
 *   <li>{@link io.kvroute.kv.testing.EveryMiddlewareKeys}: one middleware of every Traefik v3 HTTP type with the
 *       documentation's options, one router each, for {@code kv lint} and the proxy alike.</li>
 * </ul>
 */
package io.kvroute.kv.testing;
