/**
 * The {@code kvroute agent} command: its flags, their defaults and help, read into the settings an
 * {@link io.kvroute.agent.runtime.AgentRuntime} starts from; the root command of the agent-only jar
 * (kvroute-agent.jar); and what that root shares with kvroute.jar's ({@code io.kvroute.cli.KvrouteCommand} in
 * proxy-engine, which also registers {@code agent}, and {@code standalone}, which shares its discovery flags):
 * {@code --log.level}, the logging set-up and {@code version}.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.agent.cli.AgentCommand}: {@code kvroute agent}, runs until SIGTERM, then drains and
 *       deregisters.</li>
 *   <li>{@link io.kvroute.agent.cli.DiscoveryOptions}: the discovery flags {@code agent} and {@code standalone}
 *       share ({@code --node-name}, {@code --host-ip}, {@code --docker*}, {@code --default-rule},
 *       {@code --services}).</li>
 *   <li>{@link io.kvroute.agent.cli.AgentJarCommand}: {@code kvroute} of kvroute-agent.jar, with {@code agent},
 *       {@code version} and {@code help} only.</li>
 *   <li>{@link io.kvroute.agent.cli.Logging} and {@link io.kvroute.agent.cli.LogConfiguration}: {@code --log.level},
 *       JUL into SLF4J, logback set up in code (lines on stderr); {@link io.kvroute.agent.cli.VersionCommand}.</li>
 * </ul>
 */
package io.kvroute.agent.cli;
