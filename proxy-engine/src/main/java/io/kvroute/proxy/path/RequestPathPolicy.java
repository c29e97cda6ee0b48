package io.kvroute.proxy.path;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.Sets;
import io.kvroute.kv.model.EncodedCharacter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Traefik v3's request path handling ("Request Path" security page), applied to the raw, percent-encoded path of a
 * request target before routing, so that the router that matches and the origin that receives the request see the
 * same path:
 * <ol>
 *   <li>reject a path with a percent-encoded character of {@link EncodedCharacter} that is not {@code allowed}
 *       ({@code %2F %5C %00 %3B %25 %3F %23}), or with a {@code %} not followed by two hex digits;</li>
 *   <li>normalize: decode percent-encoded unreserved characters ({@code A-Z a-z 0-9 - . _ ~}), upper-case the hex
 *       digits of the others (RFC 3986 2.3 and 6.2.2.1);</li>
 *   <li>when {@code sanitize}: remove {@code .} and {@code ..} segments (RFC 3986 5.2.4) and empty segments
 *       (duplicate slashes); an encoded slash is not a separator.</li>
 * </ol>
 *
 * <pre>{@code
 * RequestPathPolicy.DEFAULT.apply("/api/%2e%2e/admin//x")  // Normalized[path=/admin/x]
 * RequestPathPolicy.DEFAULT.apply("/files/a%2Fb")          // Rejected[the path has an encoded slash (%2F), ...]
 * }</pre>
 *
 * @param allowed  the encoded characters this entry point lets through
 * @param sanitize whether dot segments and duplicate slashes are removed (Traefik's {@code sanitizePath})
 */
public record RequestPathPolicy(Set<EncodedCharacter> allowed, boolean sanitize) {
    /** Traefik v3's defaults before v3.6, the safer ones: every listed encoded character rejected, paths sanitized. */
    public static final RequestPathPolicy DEFAULT = new RequestPathPolicy(Set.of(), true);

    public RequestPathPolicy {
        allowed = Sets.immutableEnumSet(requireNonNull(allowed, "allowed"));
    }

    /** What became of a path. */
    public sealed interface Outcome permits Normalized, Rejected {
    }

    /** The path to route and forward: the request's own when nothing changed. */
    public record Normalized(String path) implements Outcome {
    }

    /** Why the request must be answered 400, naming what was found. */
    public record Rejected(String reason) implements Outcome {
    }

    /** Checks and normalizes {@code rawPath}, the percent-encoded path of a request target (no query). */
    public Outcome apply(String rawPath) {
        requireNonNull(rawPath, "rawPath");
        StringBuilder normalized = null;
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%') {
                if (i + 2 >= rawPath.length() || hex(rawPath.charAt(i + 1)) < 0 || hex(rawPath.charAt(i + 2)) < 0) {
                    return new Rejected("the path has a '%' that is not followed by two hex digits");
                }
                String digits = rawPath.substring(i + 1, i + 3);
                Optional<EncodedCharacter> special = EncodedCharacter.ofHex(digits);
                if (special.isPresent() && !allowed.contains(special.get())) {
                    return new Rejected("the path has an encoded " + describe(special.get()) + " ("
                            + special.get().encoded() + "), not allowed here (" + special.get().setting()
                            + "=true would allow it)");
                }
                if (normalized == null) {
                    normalized = new StringBuilder(rawPath.length()).append(rawPath, 0, i);
                }
                char decoded = (char) (hex(digits.charAt(0)) * 16 + hex(digits.charAt(1)));
                if (isUnreserved(decoded)) {
                    normalized.append(decoded);
                } else {
                    normalized.append('%').append(Character.toUpperCase(digits.charAt(0)))
                            .append(Character.toUpperCase(digits.charAt(1)));
                }
                i += 2;
            } else if (normalized != null) {
                normalized.append(c);
            }
        }
        String path = normalized == null ? rawPath : normalized.toString();
        if (sanitize && path.startsWith("/") && (path.contains("//") || path.contains("/."))) {
            path = removeDotAndEmptySegments(path);
        }
        return new Normalized(path);
    }

    /**
     * {@code path} (starting with {@code /}) without {@code .}, {@code ..} and empty segments; a path that ended in
     * a slash or a dot segment keeps a trailing slash, as RFC 3986 5.2.4 keeps it.
     */
    static String removeDotAndEmptySegments(String path) {
        List<String> kept = new ArrayList<>();
        String[] segments = path.substring(1).split("/", -1);
        boolean trailingSlash = false;
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals("..")) {
                if (!kept.isEmpty()) {
                    kept.remove(kept.size() - 1);
                }
                trailingSlash = last;
            } else if (segment.equals(".") || segment.isEmpty()) {
                trailingSlash = last;
            } else {
                kept.add(segment);
                trailingSlash = false;
            }
        }
        String joined = "/" + String.join("/", kept);
        return trailingSlash && !kept.isEmpty() ? joined + "/" : joined;
    }

    private static String describe(EncodedCharacter character) {
        return switch (character) {
            case SLASH -> "slash";
            case BACKSLASH -> "backslash";
            case NULL_CHARACTER -> "null character";
            case SEMICOLON -> "semicolon";
            case PERCENT -> "percent sign";
            case QUESTION_MARK -> "question mark";
            case HASH -> "hash";
        };
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** The value of an ASCII hex digit, or -1 (no other script's digits). */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
