/**
 * Keeping this agent's desired keys alive in the store: one lease, transactional writes per server, level-triggered
 * reconciliation, drain and deregistration.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.agent.registration.DesiredState}: what the agent wants in the store.</li>
 *   <li>{@link io.kvroute.agent.registration.ServerId}: {@code <node>--<instance>}, how an agent recognises its keys.</li>
 * </ul>
 */
package io.kvroute.agent.registration;
