package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import io.kvroute.kv.layout.v1.CanonicalHeaderKey;
import io.kvroute.kv.model.Middleware;
import io.kvroute.proxy.http.ForwardedForOmission;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Traefik's custom header settings as edits, as Go's {@code http.Header} makes them: a header with a value replaces
 * all values of that header and is sent with its canonical name ({@code x-custom} as {@code X-Custom}); a header
 * with an empty value is removed. Names are matched case-insensitively. On requests, as in Traefik,
 * {@code Host} with a value sets the host and with an empty value changes nothing, and {@code X-Forwarded-For} (so
 * spelled) with an empty value sends the server no {@code X-Forwarded-For} at all, not even the client's address.
 */
record HeaderEdits(List<Edit> edits) {
    private static final String OMIT_FORWARDED_FOR = "X-Forwarded-For";

    /**
     * One header to set ({@code value} present) or remove; {@code omitsForwardedFor} when it is Traefik's
     * {@code X-Forwarded-For: ""}.
     */
    record Edit(HttpString name, Optional<String> value, boolean omitsForwardedFor) {
        Edit {
            requireNonNull(name, "name");
            requireNonNull(value, "value");
        }
    }

    HeaderEdits {
        edits = ImmutableList.copyOf(requireNonNull(edits, "edits"));
    }

    /**
     * The edits for {@code headers} (name to value, {@code ""} meaning remove).
     *
     * @throws IllegalArgumentException naming the header whose name is not an HTTP token or whose value has a
     *         control character
     */
    static HeaderEdits of(Map<String, String> headers) {
        ImmutableList.Builder<Edit> edits = ImmutableList.builder();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            String value = header.getValue();
            checkName(name);
            if (hasControlCharacter(value)) {
                throw new IllegalArgumentException("header " + name + ": value has a control character (expected: "
                        + "printable text)");
            }
            edits.add(new Edit(new HttpString(CanonicalHeaderKey.of(name)),
                    value.isEmpty() ? Optional.empty() : Optional.of(value),
                    value.isEmpty() && name.equals(OMIT_FORWARDED_FOR)));
        }
        return new HeaderEdits(edits.build());
    }

    /** @throws IllegalArgumentException naming {@code name} if it is not an HTTP header name (a token) */
    static void checkName(String name) {
        if (!isToken(name)) {
            throw new IllegalArgumentException("header name \"" + name + "\" (expected: letters, digits and "
                    + "!#$%&'*+-.^_`|~)");
        }
    }

    /** Whether {@code value} has a character a header value must not have (CR, LF, other controls but TAB). */
    static boolean hasControlCharacter(String value) {
        return value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7F);
    }

    /**
     * {@code setting} of {@code middleware} would put a control character into a header; the value is not quoted,
     * so that the message stays one line.
     */
    static MiddlewareException controlCharacterIn(Middleware middleware, String setting) {
        return new MiddlewareException(MiddlewareException.Kind.INVALID_SETTING, middleware.name(), middleware.type(),
                setting + ": value has a control character (expected: printable text)");
    }

    /** Sets {@code name} to {@code value} alone, spelled as {@code name} is even if the map had it otherwise. */
    static void replace(HeaderMap headers, HttpString name, String value) {
        headers.remove(name);
        headers.put(name, value);
    }

    boolean isEmpty() {
        return edits.isEmpty();
    }

    /** Edits the request of {@code exchange}. */
    void applyToRequest(HttpServerExchange exchange) {
        HeaderMap headers = exchange.getRequestHeaders();
        for (Edit edit : edits) {
            boolean host = edit.name().equals(Headers.HOST);
            boolean forwardedFor = edit.name().equals(Headers.X_FORWARDED_FOR);
            if (edit.value().isPresent()) {
                replace(headers, edit.name(), edit.value().get());
                if (forwardedFor) {
                    ForwardedForOmission.keep(exchange);
                }
            } else if (!host) {
                headers.remove(edit.name());
                if (edit.omitsForwardedFor()) {
                    ForwardedForOmission.omit(exchange);
                }
            }
        }
    }

    /** Edits response headers. */
    void applyToResponse(HeaderMap headers) {
        for (Edit edit : edits) {
            if (edit.value().isPresent()) {
                replace(headers, edit.name(), edit.value().get());
            } else {
                headers.remove(edit.name());
            }
        }
    }

    private static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }
}
