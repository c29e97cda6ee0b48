/**
 * Docker discovery: kvroute's own view of containers, a reconnecting event subscription, and address selection.
 * docker-java types never leave this package.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.agent.docker.DockerSource}: connect to an engine ({@link io.kvroute.agent.docker.DockerEndpoint}),
 *       list running containers as {@link io.kvroute.agent.docker.ContainerInfo}, start a watch.</li>
 *   <li>{@link io.kvroute.agent.docker.DockerWatch} and {@link io.kvroute.agent.docker.DockerListener}: listing plus
 *       {@link io.kvroute.agent.docker.ContainerEvent}s, surviving engine restarts with backoff.</li>
 *   <li>{@link io.kvroute.agent.docker.AddressSelector}: where a container is reachable, and why
 *       ({@link io.kvroute.agent.docker.AddressSelection}).</li>
 *   <li>{@link io.kvroute.agent.docker.DockerTlsDirectory}: the client side of an engine's TLS from
 *       {@code --docker.tls.certdir}, read with the JDK alone (no BouncyCastle).</li>
 *   <li>{@link io.kvroute.agent.docker.DockerSourceException}: the only exception, with a kind.</li>
 * </ul>
 */
package io.kvroute.agent.docker;
