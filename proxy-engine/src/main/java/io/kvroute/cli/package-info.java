/**
 * The {@code kvroute} command line: the main class of the shaded jar, {@code kvroute proxy} and
 * {@code kvroute standalone}. The other commands live in the module of their concept and are registered here:
 * {@code kvroute agent} in agent ({@code io.kvroute.agent.cli}), {@code kvroute kv} in kv-model
 * ({@code io.kvroute.kv.cli}).
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.cli.KvrouteCommand}: top-level command, {@code --log.level}, subcommands.</li>
 *   <li>{@link io.kvroute.cli.ProxyCommand} and {@link io.kvroute.cli.StandaloneCommand}: the proxy, and the agent
 *       and proxy in one process.</li>
 *   <li>{@code EntryPointFlags} and {@code AcmeFlags}: Traefik's dotted flags picocli does not know
 *       ({@code --entrypoints.NAME.*}, {@code --certificatesresolvers.NAME.acme.*}, {@code --acme.storage.*}).</li>
 *   <li>{@code UnknownFlags}: any other argument picocli left is an unknown option, reported before anything
 *       else.</li>
 *   <li>{@code PrivilegedPorts}: whether {@code standalone} may take Traefik's {@code :80} when no entry point is
 *       given (else {@code :8000}).</li>
 * </ul>
 */
package io.kvroute.cli;
