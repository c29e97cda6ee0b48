/**
 * The running agent: Docker discovery, the services file and the registrar wired together, with the agent's own
 * {@code /health} and {@code /metrics} endpoint.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.agent.runtime.AgentRuntime}: start from {@link io.kvroute.agent.runtime.AgentSettings} and
 *       a store; {@code stop()} drains and deregisters, {@code close()} abandons the lease.</li>
 *   <li>{@link io.kvroute.agent.runtime.AgentSettings}: the command line's settings in small groups, each checking
 *       its values once ({@link io.kvroute.agent.runtime.KeyDestination}, {@link io.kvroute.agent.runtime.DiscoverySources}
 *       with {@link io.kvroute.agent.runtime.DockerDiscovery}, {@link io.kvroute.agent.registration.LeaseTiming}).</li>
 *   <li>{@link io.kvroute.agent.runtime.AgentHealth}: what {@code /health} says and why.</li>
 *   <li>{@link io.kvroute.agent.runtime.HostDefaults}: the default node name and host IP.</li>
 *   <li>{@code SourceDeclarations} and {@code KnownSources}: the level-triggered recompute (every source's
 *       declarations to the desired state, with a report per source) and the drain rules.</li>
 * </ul>
 */
package io.kvroute.agent.runtime;
