/**
 * The HTTP middlewares kvroute applies, as Undertow handlers built from the typed model once per routing snapshot:
 * every Traefik v3 HTTP middleware but {@code plugin}: the kinds the
 * model types ({@code stripPrefix}, {@code addPrefix}, {@code headers} with CORS, security headers and allowed hosts,
 * {@code basicAuth}, {@code redirectScheme}, {@code encodedCharacters}, and {@code retry} as a policy for the proxy
 * client) and those it keeps untyped, registered in {@link io.kvroute.proxy.middleware.MiddlewareKinds} (traffic
 * control, access control, rewriting, {@code contentType}, {@code grpcWeb}, {@code compress} in sub-package
 * {@code compress});
 * {@code chain} is expanded by routing. Behaviour follows Traefik v3. A chain is built only when every middleware and
 * setting in it is applied (fail closed); the few harmless differences allowed are the
 * {@link io.kvroute.proxy.middleware.ToleratedDeviation}s.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.middleware.MiddlewareChain#build}: a router's middlewares around the proxy
 *       handler, with {@link io.kvroute.proxy.middleware.MiddlewareWarning}s for what is not applied.</li>
 *   <li>{@link io.kvroute.proxy.middleware.MiddlewareException}: settings that cannot work; the router must not
 *       serve.</li>
 *   <li>{@link io.kvroute.proxy.middleware.MiddlewareKinds}: the middleware types the model keeps untyped that kvroute
 *       applies, each a {@link io.kvroute.proxy.middleware.MiddlewareKind} reading its settings with
 *       {@link io.kvroute.proxy.middleware.MiddlewareSettings} (every setting must be read, or the router is left
 *       out).</li>
 *   <li>{@link io.kvroute.proxy.middleware.ClientIpStrategy}: Traefik's {@code ipStrategy}, the client address
 *       allow lists and per-client limits use.</li>
 *   <li>{@link io.kvroute.proxy.middleware.MiddlewareEvents}: what the middlewares counted, per middleware and
 *       event.</li>
 *   <li>{@code HeadersHandler}: Traefik's {@code headers} in Traefik's order, its CORS in {@code CorsPolicy}, its
 *       unrolled/secure part in {@code SecurityHeadersPolicy}.</li>
 *   <li>Access control: {@code IpAllowListHandler}; {@code ForwardAuthHandler} (settings {@code ForwardAuthSettings},
 *       auth request headers {@code AuthRequestHeaders}, TLS to the auth server {@code AuthServerTls}, cookies
 *       {@code AuthCookies}), asynchronous through the JDK HTTP client; {@code DigestAuthHandler} (nonces
 *       {@code DigestNonces}, header parsing {@code DigestParams}); {@code PassTlsClientCertHandler}
 *       ({@code ClientCertificateInfo}). Go's texts and names they write: {@code GoStatusText},
 *       {@code PlainResponse}; header names in Go's canonical form by kv-model's {@code CanonicalHeaderKey}.</li>
 *   <li>{@link io.kvroute.proxy.middleware.RetryPolicy}: attempts, backoff and retry budget the proxy client reads
 *       from the exchange ({@code RetryPolicyHandler} reads Traefik 3.7's settings; {@code status} is refused).</li>
 *   <li>Traffic control: {@code RateLimitHandler} (token buckets per source, in memory or, with {@code redis}
 *       ({@code RedisStoreSettings}, {@code RedisTls}), in a Redis server or Redis Cluster through Lettuce's async
 *       client: {@code RedisTokenBuckets}, kept while a served chain uses it by
 *       {@link io.kvroute.proxy.middleware.RedisStores}), {@code InFlightRequestsHandler},
 *       both grouping requests by a {@code SourceCriterion}; {@code CircuitBreakerHandler} over
 *       {@link io.kvroute.proxy.middleware.circuit}; {@code BufferingHandler} (request bodies read whole in a
 *       {@code BufferedBody}, size limits, responses of undeclared length held whole by the proxy client
 *       ({@link io.kvroute.proxy.middleware.ResponseHolding}), and its {@code retryExpression} as a {@link io.kvroute.proxy.middleware.BufferRetry} the proxy
 *       client applies; the language in {@link io.kvroute.proxy.middleware.expression}, which the circuit breaker's
 *       shares).</li>
 *   <li>Traefik 1.7 frontends' features, kinds kvroute derives ({@link io.kvroute.kv.model.MiddlewareTypes#DERIVED}):
 *       {@code V1EntryPointRedirectHandler} ({@code redirect/entryPoint}, from the entry points a
 *       {@link io.kvroute.proxy.middleware.ChainScope} names), {@code V1SslRedirectHandler}
 *       ({@code headers/sslRedirect}, {@code sslHost}, {@code sslForceHost} as unrolled/secure 1.0.5) and
 *       {@link io.kvroute.proxy.middleware.V1PassTlsCertHandler} ({@code passTLSCert}: the entry point's TLS to
 *       servers, {@link io.kvroute.proxy.middleware.EntryPointClientTls}, which the proxy client applies).</li>
 *   <li>Error pages: {@code ErrorPagesHandler} (Traefik's {@code errors}) catches a response by status and hands it
 *       to an {@code ErrorPageConduit}, which drops its body and writes the page a service answered, asked for through
 *       {@link io.kvroute.proxy.middleware.ServiceRequests} (the proxy's balancers and pools, in
 *       {@code io.kvroute.proxy.http.ServiceCalls}).</li>
 * </ul>
 */
package io.kvroute.proxy.middleware;
