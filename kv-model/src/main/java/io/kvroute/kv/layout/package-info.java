/**
 * Codecs between Traefik's KV key layouts and Traefik's configuration JSON (Jackson {@code ObjectNode}s in
 * Traefik's JSON field names): the v2/v3 dynamic-configuration tree ({@code traefik/http/routers/...}) and the
 * Traefik 1.7 tree ({@code /traefik/backends/...}). Decoders follow Traefik's own algorithm but isolate failures
 * per router, service, middleware (v1: frontend, backend), TLS certificate, TLS options and TLS store and report
 * them as {@code Problem}s; encoders are their inverse.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.layout.TraefikKvDecoder} and {@link io.kvroute.kv.layout.TraefikKvEncoder}: v2/v3</li>
 *   <li>{@link io.kvroute.kv.layout.V1KvDecoder} and {@link io.kvroute.kv.layout.V1KvEncoder}: Traefik 1.7</li>
 *   <li>{@link io.kvroute.kv.layout.LayoutDetector}: which layouts a root holds, decoding each</li>
 *   <li>{@code keys}: every key path named in one place (roots, v2/v3 and v1 keys), used by every module</li>
 *   <li>{@link io.kvroute.kv.layout.ServerId}: a server key's id {@code <node>--<instance>}, how an agent recognises
 *       its own servers and the dashboard names the agent behind a server</li>
 *   <li>{@link io.kvroute.kv.gotext.GoDuration} and {@link io.kvroute.kv.gotext.GoScalars} (package {@code gotext}):
 *       Go's duration and scalar text, as Traefik's decoder parses and prints it</li>
 *   <li>{@code schema}: the declarative description of Traefik v3.7's dynamic HTTP and TLS configuration</li>
 * </ul>
 */
package io.kvroute.kv.layout;
