/**
 * Traefik's {@code compress} middleware: gzip (the JDK), br (brotli4j) and zstd (zstd-jni) chosen from Accept-Encoding
 * as Traefik chooses, response bodies compressed as they stream once {@code minResponseBodyBytes} have come.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.middleware.compress.CompressHandler}: the middleware, and how a chain builds it.</li>
 *   <li>{@link io.kvroute.proxy.middleware.compress.AcceptEncoding}: the coding a request gets.</li>
 *   <li>{@link io.kvroute.proxy.middleware.compress.CompressionWrapper}: which responses may be compressed.</li>
 *   <li>{@link io.kvroute.proxy.middleware.compress.CompressingConduit}: the streaming decision and encoding.</li>
 * </ul>
 */
package io.kvroute.proxy.middleware.compress;
