/**
 * Keeping this agent's desired keys alive in the store: one lease, transactional writes per server, level-triggered
 * reconciliation, drain and deregistration.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.agent.registration.Registrar}: start, update, drainAndStop, close, status.</li>
 *   <li>{@link io.kvroute.agent.registration.RegistrarSettings}: node, watched prefixes, retry backoff and the
 *       {@link io.kvroute.agent.registration.LeaseTiming} (TTL, periodic reconcile).</li>
 *   <li>{@link io.kvroute.agent.registration.DesiredState}: what the agent wants in the store (server key groups
 *       and shared keys), the input of every reconcile pass.</li>
 *   <li>{@link io.kvroute.kv.layout.ServerId}: {@code <node>--<instance>}, how an agent recognises its
 *       keys.</li>
 *   <li>{@code ReconcilePlan}: the exact diff rules for owned and shared keys (conflicts, own changes, stale
 *       keys).</li>
 *   <li>{@link io.kvroute.agent.registration.RegistrarStatus} and
 *       {@link io.kvroute.agent.registration.RegistrarListener}: what {@code /health} and {@code /metrics} show.</li>
 * </ul>
 */
package io.kvroute.agent.registration;
