/**
 * The {@code kvroute} command line: the main class of the shaded jar.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.cli.KvrouteCommand}: top-level command, {@code --log.level}, subcommands.</li>
 * </ul>
 */
package io.kvroute.cli;
