/**
 * A raw-socket HTTP conformance suite: exact request bytes from a plain {@link java.net.Socket}, a recording origin
 * that logs the exact bytes it receives, and a table of edge cases (paths, incomplete bodies, framing, request
 * smuggling, hop-by-hop and forwarding headers, upgrades), each asserting the client's status and what reached the
 * origin. nginx runs through the same cases as the reference: kvroute must never be less safe.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.conformance.ConformanceCases}: the table, with kvroute's target per case.</li>
 *   <li>{@link io.kvroute.proxy.conformance.KvrouteConformanceIT}: kvroute against its targets.</li>
 *   <li>{@link io.kvroute.proxy.conformance.KvrouteVersusNginxIT}: nginx and kvroute side by side.</li>
 *   <li>{@link io.kvroute.proxy.conformance.RecordingOrigin}, {@link io.kvroute.proxy.conformance.WireRequests}:
 *       the origin and how it frames what it got (pinned by {@code WireRequestsTest}).</li>
 *   <li>{@link io.kvroute.proxy.conformance.NginxExtension}: nginx run by PID from a temporary configuration.</li>
 *   <li>{@link io.kvroute.proxy.conformance.RawClient}: the client; {@link io.kvroute.proxy.conformance.SafetyRules}:
 *       what counts as unsafe, alone and compared with nginx.</li>
 * </ul>
 */
package io.kvroute.proxy.conformance;
