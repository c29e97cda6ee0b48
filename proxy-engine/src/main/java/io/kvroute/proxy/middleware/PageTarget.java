package io.kvroute.proxy.middleware;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The request target of an error page as Go's {@code url.Parse} and {@code URL.RequestURI} make it from Traefik's
 * {@code "http://" + host + query}: the fragment dropped, a path character that must be escaped escaped, the query
 * kept as written, {@code /} when the query is empty. A control character or a broken {@code %} escape in the path
 * makes no target (Traefik then answers the status with its text, without asking the service).
 */
final class PageTarget {
    private static final String PATH_CHARACTERS = "-._~!$&'()*+,;=:@/%";

    private PageTarget() {
    }

    static Optional<String> of(String query) {
        if (query.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            return Optional.empty();
        }
        int hash = query.indexOf('#');
        String withoutFragment = hash < 0 ? query : query.substring(0, hash);
        int question = withoutFragment.indexOf('?');
        String path = question < 0 ? withoutFragment : withoutFragment.substring(0, question);
        String rawQuery = question < 0 ? "" : withoutFragment.substring(question + 1);
        if (!validEscapes(path)) {
            return Optional.empty();
        }
        StringBuilder target = new StringBuilder(path.isEmpty() ? "/" : "");
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || PATH_CHARACTERS.indexOf(c) >= 0)) {
                target.append(c);
            } else {
                target.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        if (question >= 0) {
            target.append('?').append(rawQuery);
        }
        return Optional.of(target.toString());
    }

    private static boolean validEscapes(String path) {
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '%') {
                if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
                        || Character.digit(path.charAt(i + 2), 16) < 0) {
                    return false;
                }
                i += 2;
            }
        }
        return true;
    }
}
