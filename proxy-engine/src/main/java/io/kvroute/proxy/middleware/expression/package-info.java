/**
 * oxy's expression language (Go expression syntax as vulcand/predicate reads it), which Traefik's
 * {@code circuitBreaker.expression} is written in.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.middleware.expression.ExpressionLexer}: its tokens
 *       ({@link io.kvroute.proxy.middleware.expression.ExpressionToken}); the circuit breaker's grammar is in
 *       {@code io.kvroute.proxy.middleware.circuit}.</li>
 *   <li>{@link io.kvroute.proxy.middleware.expression.ExpressionException}: a mistake, with its column.</li>
 * </ul>
 */
package io.kvroute.proxy.middleware.expression;
