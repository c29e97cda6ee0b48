package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the proxy talks to the servers of the services that name it ({@code http/serversTransports/<name>}):
 * {@code forwardingTimeouts} typed (absent: Traefik's {@link ForwardingTimeouts#TRAEFIK_DEFAULTS}), every other
 * field (TLS to servers, {@code maxIdleConnsPerHost}, {@code disableHTTP2}, ...) kept verbatim in {@code untyped},
 * {@code forwardingTimeouts} fields the model does not know under {@code forwardingTimeouts/<field>}.
 */
public record ServersTransport(String name, Optional<ForwardingTimeouts> forwardingTimeouts, RawSettings untyped) {
    /** How a service names the static default transport (Traefik's {@code --serversTransport.*} flags). */
    public static final String DEFAULT_REFERENCE = "default@internal";

    public ServersTransport {
        Names.check("name", name);
        requireNonNull(forwardingTimeouts, "forwardingTimeouts");
        requireNonNull(untyped, "untyped");
    }

    /** The timeouts requests through this transport get: its own, or Traefik's defaults when it sets none. */
    public ForwardingTimeouts timeouts() {
        return forwardingTimeouts.orElse(ForwardingTimeouts.TRAEFIK_DEFAULTS);
    }

    /**
     * The fields set here that kvroute does not apply, as key paths inside the transport ({@code insecureSkipVerify},
     * {@code rootCAs/0}, {@code forwardingTimeouts/readIdleTimeout}): every untyped field with a value other than
     * Go's zero ({@code false}, {@code 0}, {@code ""}, {@code []}; an empty object enables what it names), and
     * HTTP/2 pings ({@code readIdleTimeout}; kvroute speaks HTTP/1.1 to servers). Empty when kvroute applies the
     * transport as configured.
     */
    public List<String> unappliedFields() {
        List<String> fields = new ArrayList<>();
        if (timeouts().readIdleTimeout().compareTo(Duration.ZERO) > 0) {
            fields.add("forwardingTimeouts/readIdleTimeout");
        }
        for (Map.Entry<String, RawValue> field : untyped.values().entrySet()) {
            if (!isGoZero(field.getValue())) {
                fields.add(field.getKey());
            }
        }
        return fields;
    }

    private static boolean isGoZero(RawValue value) {
        return switch (value.kind()) {
            case BOOLEAN -> value.text().equals("false");
            case NUMBER -> new BigDecimal(value.text()).signum() == 0;
            case STRING -> value.text().isEmpty();
            case NULL, EMPTY_ARRAY -> true;
            case EMPTY_OBJECT -> false;
        };
    }
}
