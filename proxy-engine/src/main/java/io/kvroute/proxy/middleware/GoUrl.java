package io.kvroute.proxy.middleware;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A URL as Go's {@code url.Parse} reads it and {@code URL.String()} writes it again, which is how Traefik's
 * {@code redirectRegex} turns its rewritten URL into a {@code Location}: a URL Go refuses (control characters, a
 * scheme-less first segment with a colon, a bad host or port, a malformed escape in the path or fragment, an escape
 * of an ASCII character in the host) has no form; otherwise the scheme is lower-cased, a path not in Go's default
 * encoding is escaped again, and the rest is kept. Unlike Go, the result is pure ASCII: a query or opaque part with
 * non-ASCII characters gets them percent-encoded, so the header carries them unchanged through Undertow.
 *
 * <pre>{@code
 * GoUrl.reserialized("HTTPS://example.com/a b?q=1")  // Optional[https://example.com/a%20b?q=1]
 * GoUrl.reserialized("http://192.168.0.%31/")        // Optional.empty: an escaped ASCII character in the host
 * }</pre>
 */
final class GoUrl {
    private static final String HEX = "0123456789ABCDEF";

    /** How Go's {@code shouldEscape} treats a character, by the part of the URL it is in. */
    private enum Part { HOST, PATH, FRAGMENT }

    private GoUrl() {
    }

    /** {@code url} as Go parses and writes it, or empty when Go's parser refuses it. */
    static Optional<String> reserialized(String url) {
        String bytes = new String(url.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length(); i++) {
            char c = bytes.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.empty();
            }
        }
        int hash = bytes.indexOf('#');
        String rest = hash < 0 ? bytes : bytes.substring(0, hash);
        String fragment = hash < 0 ? "" : bytes.substring(hash + 1);
        StringBuilder out = new StringBuilder(bytes.length() + 8);
        String scheme = "";
        int colon = schemeEnd(rest);
        if (colon == 0) {
            return Optional.empty();
        }
        if (colon > 0) {
            scheme = rest.substring(0, colon).toLowerCase(Locale.ROOT);
            rest = rest.substring(colon + 1);
            out.append(scheme).append(':');
        }
        String query = null;
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        if (!rest.startsWith("/") && !scheme.isEmpty()) {
            out.append(rest);
        } else if (!path(scheme, rest, out)) {
            return Optional.empty();
        }
        if (query != null) {
            out.append('?').append(query);
        }
        if (!fragment.isEmpty()) {
            Optional<String> decoded = unescape(fragment, Part.FRAGMENT);
            if (decoded.isEmpty()) {
                return Optional.empty();
            }
            out.append('#').append(escaped(fragment, decoded.get(), Part.FRAGMENT));
        }
        return Optional.of(asciiOnly(out));
    }

    /** Appends the authority and path of {@code rest}; false when Go refuses them. */
    private static boolean path(String scheme, String rest, StringBuilder out) {
        boolean authority = rest.startsWith("//") && (!scheme.isEmpty() || !rest.startsWith("///"));
        if (!authority && scheme.isEmpty() && firstSegment(rest).contains(":")) {
            return false;
        }
        String user = null;
        String host = "";
        if (authority) {
            String text = rest.substring(2);
            int slash = text.indexOf('/');
            rest = slash < 0 ? "" : text.substring(slash);
            text = slash < 0 ? text : text.substring(0, slash);
            int at = text.lastIndexOf('@');
            if (at >= 0) {
                user = text.substring(0, at);
                if (!user.chars().allMatch(c -> isUnreservedOrSubDelim((char) c) || c == ':' || c == '%' || c == '@')) {
                    return false;
                }
                text = text.substring(at + 1);
            }
            Optional<String> parsed = host(text);
            if (parsed.isEmpty()) {
                return false;
            }
            host = parsed.get();
        }
        Optional<String> decodedPath = unescape(rest, Part.PATH);
        if (decodedPath.isEmpty()) {
            return false;
        }
        if (authority && (!host.isEmpty() || !rest.isEmpty() || user != null)) {
            out.append("//");
            if (user != null) {
                out.append(user).append('@');
            }
            out.append(escape(host, Part.HOST));
        }
        String path = escaped(rest, decodedPath.get(), Part.PATH);
        if (!path.isEmpty() && path.charAt(0) != '/' && !host.isEmpty()) {
            out.append('/');
        }
        if (out.length() == 0 && firstSegment(path).contains(":")) {
            out.append("./");
        }
        out.append(path);
        return true;
    }

    private static String firstSegment(String path) {
        int slash = path.indexOf('/');
        return slash < 0 ? path : path.substring(0, slash);
    }

    /** Go's {@code getScheme}: the index of the colon ending a scheme, -1 when there is none, 0 for a bare colon. */
    private static int schemeEnd(String url) {
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                continue;
            }
            if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    return -1;
                }
                continue;
            }
            return c == ':' ? i : -1;
        }
        return -1;
    }

    /** Go's {@code parseHost}: the unescaped host and port, or empty when Go refuses them. */
    private static Optional<String> host(String host) {
        String port;
        if (host.startsWith("[")) {
            int close = host.lastIndexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            port = host.substring(close + 1);
        } else {
            int colon = host.lastIndexOf(':');
            port = colon < 0 ? "" : host.substring(colon);
        }
        if (!port.isEmpty() && !(port.charAt(0) == ':' && port.substring(1).chars().allMatch(c -> c >= '0' && c <= '9'))) {
            return Optional.empty();
        }
        return unescape(host, Part.HOST);
    }

    /** Go's {@code unescape}: {@code text} decoded, or empty when an escape is malformed or not allowed there. */
    private static Optional<String> unescape(String text, Part part) {
        StringBuilder decoded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || hex(text.charAt(i + 1)) < 0 || hex(text.charAt(i + 2)) < 0) {
                    return Optional.empty();
                }
                if (part == Part.HOST && hex(text.charAt(i + 1)) < 8 && !text.startsWith("%25", i)) {
                    return Optional.empty();
                }
                decoded.append((char) (hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2))));
                i += 2;
            } else if (part == Part.HOST && c < 0x80 && shouldEscape(c, part)) {
                return Optional.empty();
            } else {
                decoded.append(c);
            }
        }
        return Optional.of(decoded.toString());
    }

    /** Go's {@code EscapedPath}/{@code EscapedFragment}: the raw text if validly encoded, else the decoded escaped. */
    private static String escaped(String raw, String decoded, Part part) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (!isUnreservedOrSubDelim(c) && c != ':' && c != '@' && c != '[' && c != ']' && c != '%'
                    && shouldEscape(c, part)) {
                return escape(decoded, part);
            }
        }
        return raw;
    }

    private static String escape(String decoded, Part part) {
        StringBuilder escaped = new StringBuilder(decoded.length());
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (shouldEscape(c, part)) {
                escaped.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** Go's {@code shouldEscape} for a byte (a char below 256) in {@code part}. */
    private static boolean shouldEscape(char c, Part part) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return false;
        }
        if (part == Part.HOST && "!$&'()*+,;=:[]<>\"".indexOf(c) >= 0) {
            return false;
        }
        if ("-_.~".indexOf(c) >= 0) {
            return false;
        }
        if ("$&+,/:;=?@".indexOf(c) >= 0) {
            return part == Part.PATH ? c == '?' : part != Part.FRAGMENT;
        }
        return part != Part.FRAGMENT || "!()*".indexOf(c) < 0;
    }

    private static boolean isUnreservedOrSubDelim(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=".indexOf(c) >= 0;
    }

    private static int hex(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }

    /** The URL's bytes as text, with bytes above 127 (in a query or opaque part) percent-encoded. */
    private static String asciiOnly(StringBuilder bytes) {
        StringBuilder ascii = new StringBuilder(bytes.length());
        for (int i = 0; i < bytes.length(); i++) {
            char c = bytes.charAt(i);
            if (c < 0x80) {
                ascii.append(c);
            } else {
                ascii.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
            }
        }
        return ascii.toString();
    }
}
