/**
 * The access log of Traefik's {@code --accesslog} flags: Traefik's common, generic CLF and JSON lines with its field
 * names, its field and header modes (keep, drop, redact) and its filters, written off the I/O threads.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.accesslog.AccessLog}: {@code open(settings, provider, registry)}, then
 *       {@code log(...)} per completed exchange on its I/O thread; {@code close()} writes what is queued.</li>
 *   <li>{@link io.kvroute.proxy.accesslog.AccessLogSettings} with {@link io.kvroute.proxy.accesslog.AccessLogFormat},
 *       {@link io.kvroute.proxy.accesslog.AccessLogFields} and {@link io.kvroute.proxy.accesslog.AccessLogFilters}:
 *       what the flags configure.</li>
 *   <li>{@code LogData}: an entry's fields under Traefik's names; {@code CommonLine} and {@code JsonLine} write
 *       them; {@code AccessLogWriter} queues and writes on its own thread.</li>
 * </ul>
 */
package io.kvroute.proxy.accesslog;
