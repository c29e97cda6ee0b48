package io.kvroute.proxy.path;

import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.URLUtils;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.xnio.OptionMap;

/**
 * Reading and replacing an exchange's path in both its forms: the decoded path routing and middlewares match on
 * ({@link HttpServerExchange#getRequestPath()}) and the raw, percent-encoded path a proxy forwards
 * ({@link HttpServerExchange#getRequestURI()}). Rewrites keep the two consistent and keep the query string.
 */
public final class RequestPaths {
    private static final String HEX = "0123456789ABCDEF";

    private RequestPaths() {
    }

    /** The raw path of the request target, without scheme and authority when the client sent an absolute URI. */
    public static String rawPath(HttpServerExchange exchange) {
        String uri = exchange.getRequestURI();
        if (!exchange.isHostIncludedInRequestURI()) {
            return uri;
        }
        int authority = uri.indexOf("//");
        int path = authority < 0 ? -1 : uri.indexOf('/', authority + 2);
        return path < 0 ? "/" : uri.substring(path);
    }

    /** Replaces the request path with {@code decoded} (for matching) and its percent-encoded form (for forwarding). */
    public static void rewrite(HttpServerExchange exchange, String decoded) {
        replace(exchange, decoded, encode(decoded));
    }

    /**
     * {@code raw} percent-decoded as the server decodes request paths: UTF-8, and {@code %2F} kept encoded unless the
     * server decodes slashes, so an encoded slash never becomes a segment separator for routing.
     */
    public static String decode(HttpServerExchange exchange, String raw) {
        OptionMap options = exchange.getConnection().getUndertowOptions();
        if (!options.get(UndertowOptions.DECODE_URL, true) || raw.indexOf('%') < 0) {
            return raw;
        }
        return URLUtils.decode(raw, options.get(UndertowOptions.URL_CHARSET, StandardCharsets.UTF_8.name()),
                URLUtils.getSlashDecodingFlag(options), new StringBuilder(raw.length()));
    }

    /** Replaces the request path: {@code decoded} for matching, {@code raw} for forwarding. */
    public static void replace(HttpServerExchange exchange, String decoded, String raw) {
        exchange.setRequestURI(raw, false);
        exchange.setRequestPath(decoded);
        exchange.setRelativePath(decoded);
        exchange.setResolvedPath("");
    }

    /**
     * How many characters of {@code raw} decode to the first {@code decodedPrefix.length()} characters of the
     * decoded path, following the server's decoding options ({@code %2F} stays encoded unless the server decodes
     * slashes).
     */
    public static int rawLengthOf(HttpServerExchange exchange, String raw, String decodedPrefix) {
        OptionMap options = exchange.getConnection().getUndertowOptions();
        boolean decodes = options.get(UndertowOptions.DECODE_URL, true);
        boolean decodesSlash = URLUtils.getSlashDecodingFlag(options);
        int wanted = decodedPrefix.getBytes(StandardCharsets.UTF_8).length;
        int bytes = 0;
        int i = 0;
        while (i < raw.length() && bytes < wanted) {
            if (decodes && isEscape(raw, i) && (decodesSlash || !isEncodedSlash(raw, i))) {
                i += 3;
                bytes++;
            } else {
                int codePoint = raw.codePointAt(i);
                i += Character.charCount(codePoint);
                bytes += new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return i;
    }

    /** {@code path} itself if it starts with {@code /}, else {@code /} + path; an empty path becomes {@code /}. */
    public static String withLeadingSlash(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    /**
     * Whether {@code path} (starting with {@code /}) has no {@code .} or {@code ..} segment and no empty segment
     * except a trailing slash: the form a path keeps when it is normalised.
     */
    public static boolean isClean(String path) {
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            String segment = path.substring(start, end);
            boolean last = end == path.length();
            if (segment.equals(".") || segment.equals("..") || (segment.isEmpty() && !last)) {
                return false;
            }
            start = end + 1;
        }
        return true;
    }

    /**
     * Percent-encodes decoded path text for a request target: letters, digits, {@code -._~!$&'()*+,;=:@/} stay,
     * everything else (including {@code %}) becomes UTF-8 {@code %XX}.
     */
    public static String encode(String decoded) {
        StringBuilder encoded = new StringBuilder(decoded.length());
        for (byte b : decoded.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (isPathChar(c)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
            }
        }
        return encoded.toString();
    }

    /**
     * The first percent sign of {@code raw} not followed by two hex digits, with what follows it, as Go's
     * {@code url.PathUnescape} names it ({@code "%zz"}, {@code "%4"}); empty when every escape is well formed.
     */
    public static Optional<String> badEscape(String raw) {
        for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
            if (!isEscape(raw, i)) {
                return Optional.of(raw.substring(i, Math.min(raw.length(), i + 3)));
            }
        }
        return Optional.empty();
    }

    /**
     * {@code raw}, a percent-encoded path whose escapes are well formed, with every character a request target's
     * path may not carry as it is (space, {@code ?}, {@code #}, {@code "}, non-ASCII, ...) percent-encoded as UTF-8;
     * its escapes and the characters Go keeps in a raw path ({@code !$&'()*+,;=:@[]}) stay.
     */
    public static String asRequestTarget(String raw) {
        StringBuilder target = null;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (isPathChar(c) || c == '%' || c == '[' || c == ']') {
                if (target != null) {
                    target.append(c);
                }
                continue;
            }
            if (target == null) {
                target = new StringBuilder(raw.length() + 8).append(raw, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
            for (byte b : raw.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                target.append('%').append(HEX.charAt((b >> 4) & 0xF)).append(HEX.charAt(b & 0xF));
            }
            i = end - 1;
        }
        return target == null ? raw : target.toString();
    }

    private static boolean isPathChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0;
    }

    private static boolean isEscape(String raw, int i) {
        return raw.charAt(i) == '%' && i + 2 < raw.length()
                && Character.digit(raw.charAt(i + 1), 16) >= 0 && Character.digit(raw.charAt(i + 2), 16) >= 0;
    }

    private static boolean isEncodedSlash(String raw, int i) {
        return raw.charAt(i + 1) == '2' && (raw.charAt(i + 2) == 'F' || raw.charAt(i + 2) == 'f');
    }
}
