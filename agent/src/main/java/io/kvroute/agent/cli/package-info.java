/**
 * The {@code kvroute agent} command: its flags, their defaults and help, read into the settings an
 * {@link io.kvroute.agent.runtime.AgentRuntime} starts from. The root command that registers it, and {@code standalone}
 * which shares its discovery flags, live in proxy-engine ({@code io.kvroute.cli}).
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.agent.cli.AgentCommand}: {@code kvroute agent}, runs until SIGTERM, then drains and
 *       deregisters.</li>
 *   <li>{@link io.kvroute.agent.cli.DiscoveryOptions}: the discovery flags {@code agent} and {@code standalone}
 *       share ({@code --node-name}, {@code --host-ip}, {@code --docker*}, {@code --default-rule},
 *       {@code --services}).</li>
 * </ul>
 */
package io.kvroute.agent.cli;
