/**
 * Go's text forms of durations and scalars, as Traefik (a Go program) reads and writes them in its KV keys, labels
 * and JSON: the store adapters, layout codecs, model mappers, agent and proxy all parse and print these values the
 * same way through this package, so a value means in kvroute what it means in Traefik. No dependencies beyond the
 * JDK; every parser throws {@link java.lang.IllegalArgumentException} with one line naming the text and what was
 * expected.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.gotext.GoDuration}: {@code time.ParseDuration} and {@code Duration.String()}, plus
 *       Traefik's {@code ptypes.Duration} rule (a bare integer is seconds).</li>
 *   <li>{@link io.kvroute.kv.gotext.GoScalars}: {@code strconv.ParseBool}, {@code ParseInt} and
 *       {@code ParseFloat} for decimal text.</li>
 * </ul>
 * Go string literals in rules stay in {@code io.kvroute.kv.rule} ({@code GoStringLiteral}): they are part of the
 * rule grammar, positioned in the rule's source text and reported as rule syntax errors.
 */
package io.kvroute.kv.gotext;
