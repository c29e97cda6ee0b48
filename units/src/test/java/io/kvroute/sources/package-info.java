/**
 * Checks of the project's own sources across modules: {@link io.kvroute.sources.KeyLiteralsTest} keeps Traefik's key
 * layout spelled only in kv-model's {@code io.kvroute.kv.layout} (issue 11), scanning with
 * {@link io.kvroute.sources.KeyLiteralScanner}.
 */
package io.kvroute.sources;
