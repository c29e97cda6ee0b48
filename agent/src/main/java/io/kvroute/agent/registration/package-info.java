/**
 * Keeping this agent's desired keys alive in the store: one lease, transactional writes per server, level-triggered
 * reconciliation against the agent's own copy of the keys it needs (one list of the roots at start-up, then one watch
 * per router, service or middleware it touches, applied change by change), drain and deregistration.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.agent.registration.Registrar}: start, update, drainAndStop, close, status;
 *       {@link io.kvroute.agent.registration.Deregistration}: what a stop did to the keys.</li>
 *   <li>{@link io.kvroute.agent.registration.RegistrarSettings}: node, watched prefixes, retry backoff and the
 *       {@link io.kvroute.agent.registration.LeaseTiming} (TTL, periodic reconcile).</li>
 *   <li>{@link io.kvroute.agent.registration.DesiredState}: what the agent wants in the store (server key groups
 *       and shared keys), the input of every reconcile pass.</li>
 *   <li>{@link io.kvroute.kv.layout.ServerId}: {@code <node>--<instance>}, how an agent recognises its
 *       keys.</li>
 *   <li>{@code ReconcilePlan}: the exact diff rules for owned and shared keys (conflicts, own changes, stale
 *       keys).</li>
 *   <li>{@code StatusKey}: the agent's status key ({@code kvroute/agents/<node>}) on the same lease: version, lease
 *       TTL and id, keys held and problems, for proxies to show; best-effort (a store that refuses it fails
 *       neither the pass nor the stop).</li>
 *   <li>{@link io.kvroute.agent.registration.RegistrarStatus} and
 *       {@link io.kvroute.agent.registration.RegistrarListener}: what {@code /health} and {@code /metrics} show.</li>
 * </ul>
 */
package io.kvroute.agent.registration;
