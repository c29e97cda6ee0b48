/**
 * ACME certificate resolvers (Traefik's {@code certificatesResolvers.NAME.acme}) whose state every proxy of one store
 * shares: the account, every certificate with its private key (sealed, AES-GCM), order locks on leases, pending
 * HTTP-01 answers and TLS-ALPN-01 challenge certificates (key sealed) live under kvroute's own prefix
 * ({@code kvroute/acme/}), so N proxies order each certificate once and all hold it as soon as their watch delivers
 * it.
 *
 * <p>Starting points (the seam for the TLS side):
 * <ul>
 *   <li>{@link io.kvroute.proxy.acme.AcmeManager}: start, {@code configure(DecodedConfig)} with every decode,
 *       {@code snapshot()} / {@code addListener}, {@code http01Handler(next)} for the challenge entry point;</li>
 *   <li>{@link io.kvroute.proxy.acme.AcmeSnapshot}: immutable, swapped whole: every
 *       {@link io.kvroute.proxy.acme.AcmeCertificateState} (names, {@link io.kvroute.proxy.acme.AcmeCertificate} with
 *       chain and private key, {@link io.kvroute.proxy.acme.RenewalState}, last error, next attempt) and the HTTP-01
 *       answers and TLS-ALPN-01 challenge certificates by name, which the TLS entry points present to
 *       {@code acme-tls/1} clients;</li>
 *   <li>{@link io.kvroute.proxy.acme.ResolverDomains}: which certificates the routers ask of which resolver
 *       ({@code tls.certResolver} with {@code tls.domains} or the {@code Host} names of the rule);</li>
 *   <li>{@link io.kvroute.proxy.acme.AcmeServedCertificates}: what the TLS entry points serve of a snapshot (the
 *       process republishes it with every snapshot, see {@code io.kvroute.cli.ProxyProcess});</li>
 *   <li>{@link io.kvroute.proxy.acme.AcmeResolverSettings} and {@link io.kvroute.proxy.acme.AcmeStorageSettings}: what
 *       the flags configure.</li>
 * </ul>
 */
package io.kvroute.proxy.acme;
