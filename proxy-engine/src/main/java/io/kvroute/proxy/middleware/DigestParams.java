package io.kvroute.proxy.middleware;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of an {@code Authorization: Digest ...} header, parsed as Traefik's digest authenticator does: the
 * scheme is exactly {@code Digest} followed by a space; the rest is a comma-separated list where commas inside double
 * quotes do not separate and a backslash inside quotes takes the next character literally; each element is trimmed
 * and split at its first {@code =}, and a value in double quotes loses them. A later parameter of the same name wins.
 */
final class DigestParams {
    private static final String SCHEME = "Digest ";

    private DigestParams() {
    }

    /** The parameters, or empty when {@code authorization} is missing or not a Digest header. */
    static Optional<Map<String, String>> parse(String authorization) {
        if (authorization == null || !authorization.startsWith(SCHEME)) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        for (String element : elements(authorization.substring(SCHEME.length()).strip())) {
            int equals = element.indexOf('=');
            if (equals < 0) {
                params.put(element, "");
                continue;
            }
            String value = element.substring(equals + 1);
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            params.put(element.substring(0, equals), value);
        }
        return Optional.of(params);
    }

    private static List<String> elements(String list) {
        List<String> elements = new ArrayList<>();
        StringBuilder element = new StringBuilder();
        boolean quoted = false;
        boolean escaped = false;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (escaped) {
                element.append(c);
                escaped = false;
            } else if (quoted) {
                if (c == '\\') {
                    escaped = true;
                } else {
                    quoted = c != '"';
                    element.append(c);
                }
            } else if (c == ',') {
                elements.add(element.toString().strip());
                element.setLength(0);
            } else {
                quoted = c == '"';
                element.append(c);
            }
        }
        if (!element.isEmpty()) {
            elements.add(element.toString().strip());
        }
        return elements;
    }
}
