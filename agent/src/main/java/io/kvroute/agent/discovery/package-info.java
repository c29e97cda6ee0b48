/**
 * Discovery: container metadata and static definitions become {@link io.kvroute.agent.discovery.Declaration}s, and
 * declarations become the agent's {@link io.kvroute.agent.registration.DesiredState} in the target Traefik layout.
 * Pure logic: no store and no Docker connection.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.agent.discovery.ContainerDiscovery}: one container to a
 *       {@link io.kvroute.agent.discovery.DiscoveryOutcome} (declared, skipped or failed with messages naming the
 *       label), from Traefik v2/v3 or v1 labels, nginx-proxy's {@code VIRTUAL_HOST}, {@code kvroute.*} labels and
 *       the {@link io.kvroute.agent.discovery.DefaultRule}.</li>
 *   <li>{@link io.kvroute.agent.discovery.DeclarationEncoder}: declarations, node, layout, prefix and draining
 *       sources to server registrations and byte-identical shared keys, with the problems met
 *       ({@link io.kvroute.agent.discovery.EncodedDeclarations}); TCP and UDP routes
 *       ({@link io.kvroute.agent.discovery.TransportRoutes}) with the same server ownership.</li>
 *   <li>{@link io.kvroute.agent.discovery.DiscoverySettings} and {@link io.kvroute.agent.discovery.BuildSettings}:
 *       the agent flags each step takes.</li>
 * </ul>
 */
package io.kvroute.agent.discovery;
