/**
 * The services file ({@code --services FILE}): static services for processes outside Docker, read strictly from
 * YAML, checked with file and line in every error, and watched for changes without ever dropping the last good
 * content because of a bad edit.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.agent.services.ServicesFile}: read and check a file into
 *       {@link io.kvroute.agent.services.StaticService}s (each one a declaration through
 *       {@link io.kvroute.agent.services.StaticService#toDeclaration}).</li>
 *   <li>{@link io.kvroute.agent.services.ServicesFileWatcher}: reloads on change, keeps the last good services.</li>
 *   <li>{@link io.kvroute.agent.services.ServicesFileException}: the one error, with kind, file and line.</li>
 * </ul>
 */
package io.kvroute.agent.services;
