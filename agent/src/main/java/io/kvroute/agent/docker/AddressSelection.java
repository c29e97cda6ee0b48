package io.kvroute.agent.docker;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of {@link AddressSelector#select}: an address with the rule that chose it, or a refusal; both
 * carry a sentence for the log that names the container and explains the decision.
 */
public sealed interface AddressSelection permits AddressSelection.Chosen, AddressSelection.Refused {
    /** The explanation, starting with {@code container <name>:}. */
    String reason();

    /** Where the container's server is reachable from the proxies. */
    record Chosen(String host, int port, AddressSource source, String reason) implements AddressSelection {
        public Chosen {
            requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host: \"\" (expected: an address)");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
            }
            requireNonNull(source, "source");
            requireNonNull(reason, "reason");
        }

        /** {@code host:port}, with IPv6 addresses in brackets, ready for a URL. */
        public String authority() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** No address can be chosen without guessing; the container is not published. */
    record Refused(String reason) implements AddressSelection {
        public Refused {
            requireNonNull(reason, "reason");
        }
    }
}
