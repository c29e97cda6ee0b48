/**
 * The {@code kvroute kv} commands and the command-line pieces every kvroute command shares.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.cli.KvCommand}: {@code kv decode | lint | dump}.</li>
 *   <li>{@link io.kvroute.kv.cli.StoreOptions}: the {@code --etcd.*} / {@code --consul.*} flags as a picocli mixin.</li>
 *   <li>{@link io.kvroute.kv.cli.CliErrors}: one-line errors, exit codes 1 (runtime) and 2 (usage);
 *       {@link io.kvroute.kv.cli.CannotListen}: an address flag that cannot be bound (runtime).</li>
 *   <li>{@link io.kvroute.kv.cli.StoreProbe}: a store that refuses connections, said at once.</li>
 *   <li>{@link io.kvroute.kv.cli.UntilStopped}: how the long-running commands wait for SIGTERM and stop.</li>
 *   <li>{@link io.kvroute.kv.cli.SocketAddressFlag}: {@code HOST:PORT} flag values.</li>
 *   <li>{@link io.kvroute.kv.cli.HelpLayout}: {@code --help} in 80 columns, wrapped at spaces only.</li>
 * </ul>
 */
package io.kvroute.kv.cli;
