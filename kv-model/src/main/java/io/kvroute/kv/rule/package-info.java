/**
 * Traefik routing rules: one parser for v1 ({@code Host:a.com;PathPrefixStrip:/api}), v3
 * ({@code Host(`a.com`) && PathPrefix(`/api`)}) and v2 ({@code ruleSyntax=v2}: {@code Path(`/api/{id:[0-9]+}`)}) rule
 * text, one immutable expression tree, and formatters back to text.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.rule.RuleParser}: {@code parseV1}, {@code parseV2}, {@code parseV3}, {@code parseAuto}; errors are
 *       {@link io.kvroute.kv.rule.RuleSyntaxException} with a 1-based column.</li>
 *   <li>{@link io.kvroute.kv.rule.Rule}: text, syntax, tree and Traefik's default priority.</li>
 *   <li>{@link io.kvroute.kv.rule.RuleExpr}: the tree ({@link io.kvroute.kv.rule.And}, {@link io.kvroute.kv.rule.Or},
 *       {@link io.kvroute.kv.rule.Not}, {@link io.kvroute.kv.rule.Match}); {@link io.kvroute.kv.rule.Matcher} lists
 *       every matcher with its names in each syntax and its argument counts.</li>
 *   <li>{@link io.kvroute.kv.rule.RuleFormatter}: {@code toV3} and {@code toV1}.</li>
 *   <li>{@link io.kvroute.kv.rule.TcpRuleParser}: TCP router rules ({@code HostSNI}, {@code HostSNIRegexp},
 *       {@code ClientIP}, {@code ALPN}) to a {@link io.kvroute.kv.rule.TcpRule}, with the same tokens.</li>
 * </ul>
 * Internals: {@code V3Tokenizer}, {@code V3Expressions} (the recursive-descent skeleton of v3 and TCP rules)
 * and {@code V3RuleParser}, {@code GoStringLiteral} (argument
 * quoting), {@code V1RuleParser} and {@code V1Arguments}, {@code ArgumentCheck} (value rules per matcher).
 */
package io.kvroute.kv.rule;
