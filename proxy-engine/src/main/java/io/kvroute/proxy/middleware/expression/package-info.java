/**
 * oxy's expression language (Go expression syntax as vulcand/predicate reads it), which Traefik's
 * {@code circuitBreaker.expression} and {@code buffering.retryExpression} are written in.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.middleware.expression.ExpressionLexer}: the tokens both languages share
 *       ({@link io.kvroute.proxy.middleware.expression.ExpressionToken}); the circuit breaker's grammar is in
 *       {@code io.kvroute.proxy.middleware.circuit}.</li>
 *   <li>{@link io.kvroute.proxy.middleware.expression.RetryExpression}: the buffering retry condition
 *       ({@code IsNetworkError() && Attempts() <= 2}) over one finished
 *       {@link io.kvroute.proxy.middleware.expression.RetryAttempt}.</li>
 *   <li>{@link io.kvroute.proxy.middleware.expression.ExpressionException}: a mistake in either language, with its
 *       column.</li>
 * </ul>
 */
package io.kvroute.proxy.middleware.expression;
