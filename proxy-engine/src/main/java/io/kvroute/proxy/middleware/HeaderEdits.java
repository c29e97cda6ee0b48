package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Traefik's custom header settings as edits: a header with a value replaces all values of that header, a header
 * with an empty value is removed. Names are matched case-insensitively.
 */
record HeaderEdits(List<Edit> edits) {
    /** One header to set ({@code value} present) or remove. */
    record Edit(HttpString name, Optional<String> value) {
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
            if (value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7F)) {
                throw new IllegalArgumentException("header " + name + ": value has a control character (expected: "
                        + "printable text)");
            }
            edits.add(new Edit(new HttpString(name), value.isEmpty() ? Optional.empty() : Optional.of(value)));
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

    boolean isEmpty() {
        return edits.isEmpty();
    }

    void applyTo(HeaderMap headers) {
        for (Edit edit : edits) {
            if (edit.value().isPresent()) {
                headers.put(edit.name(), edit.value().get());
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
