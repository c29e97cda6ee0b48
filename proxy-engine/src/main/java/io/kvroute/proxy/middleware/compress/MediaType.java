package io.kvroute.proxy.middleware.compress;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A media type with its parameters, read as Go's {@code mime.ParseMediaType} reads it (Traefik's compress middleware
 * parses its content type lists and the responses' Content-Type so): {@code type} or {@code type/subtype} in lower
 * case, parameters {@code ;name=value} (token or quoted string, names in lower case, a trailing {@code ;} allowed, a
 * name repeated with another value refused). RFC 2231 continuations ({@code name*0=}) are kept as plain names.
 *
 * @param type   {@code text/html}
 * @param params {@code charset=utf-8}
 */
record MediaType(String type, Map<String, String> params) {
    private static final String SPECIALS = "()<>@,;:\\\"/[]?=";

    MediaType {
        requireNonNull(type, "type");
        params = Map.copyOf(params);
    }

    /** {@code text}, or empty when it is not a media type Go's parser accepts. */
    static Optional<MediaType> parse(String text) {
        int semicolon = text.indexOf(';');
        String base = semicolon < 0 ? text : text.substring(0, semicolon);
        String type = base.toLowerCase(Locale.ROOT).strip();
        if (!isMediaType(type)) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        String rest = text.substring(base.length());
        while (!rest.isEmpty()) {
            rest = rest.stripLeading();
            if (rest.isEmpty()) {
                break;
            }
            Param param = param(rest);
            if (param == null) {
                return rest.strip().equals(";") ? Optional.of(new MediaType(type, params)) : Optional.empty();
            }
            String before = params.putIfAbsent(param.name(), param.value());
            if (before != null && !before.equals(param.value())) {
                return Optional.empty();
            }
            rest = param.rest();
        }
        return Optional.of(new MediaType(type, params));
    }

    /**
     * The type of a request's Content-Type as Traefik compares it with the excluded types: the part before the
     * parameters when that is a media type (whatever the parameters), else {@code ""}.
     */
    static String baseType(String text) {
        int semicolon = text.indexOf(';');
        String type = (semicolon < 0 ? text : text.substring(0, semicolon)).toLowerCase(Locale.ROOT).strip();
        return isMediaType(type) ? type : "";
    }

    /**
     * Whether {@code other} is this type: the same type, and when this one has parameters, exactly the same
     * parameters (gzhttp's and Traefik's {@code parsedContentType.equals}).
     */
    boolean matches(MediaType other) {
        return type.equals(other.type) && (params.isEmpty() || params.equals(other.params));
    }

    private record Param(String name, String value, String rest) {
    }

    private static Param param(String text) {
        String rest = text.stripLeading();
        if (!rest.startsWith(";")) {
            return null;
        }
        rest = rest.substring(1).stripLeading();
        int nameEnd = tokenEnd(rest, 0);
        String name = rest.substring(0, nameEnd).toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            return null;
        }
        rest = rest.substring(nameEnd).stripLeading();
        if (!rest.startsWith("=")) {
            return null;
        }
        rest = rest.substring(1).stripLeading();
        if (!rest.startsWith("\"")) {
            int valueEnd = tokenEnd(rest, 0);
            return valueEnd == 0 ? null : new Param(name, rest.substring(0, valueEnd), rest.substring(valueEnd));
        }
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '"') {
                return new Param(name, value.toString(), rest.substring(i + 1));
            }
            if (c == '\\' && i + 1 < rest.length() && SPECIALS.indexOf(rest.charAt(i + 1)) >= 0) {
                value.append(rest.charAt(++i));
            } else if (c == '\r' || c == '\n') {
                return null;
            } else {
                value.append(c);
            }
        }
        return null;
    }

    private static boolean isMediaType(String type) {
        int end = tokenEnd(type, 0);
        if (end == 0) {
            return false;
        }
        if (end == type.length()) {
            return true;
        }
        if (type.charAt(end) != '/') {
            return false;
        }
        int subtypeEnd = tokenEnd(type, end + 1);
        return subtypeEnd > end + 1 && subtypeEnd == type.length();
    }

    private static int tokenEnd(String text, int from) {
        int i = from;
        while (i < text.length() && isTokenChar(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isTokenChar(char c) {
        return c > 0x20 && c < 0x7F && SPECIALS.indexOf(c) < 0;
    }
}
