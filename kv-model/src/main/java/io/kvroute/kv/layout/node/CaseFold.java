package io.kvroute.kv.layout.node;

import static java.util.Objects.requireNonNull;

/**
 * The one spelling of a key segment that every case variant shares, so that names Traefik merges ignoring case (Go's
 * {@code strings.EqualFold} in its decoder: field lookup, the {@code http|tcp|udp|tls} filter, merging sibling
 * segments) can be looked up in a hash map: two segments are equal ignoring case exactly when their folds are equal.
 * Go's {@code EqualFold} uses Unicode simple case folding: each code point is folded the way Java's
 * {@link String#equalsIgnoreCase} compares it (upper-cased, then lower-cased), except the Turkic dotted capital I
 * ({@code U+0130}) and dotless small i ({@code U+0131}), which have no simple folding and so equal only themselves
 * ({@code prİority} is not {@code priority} for Traefik). Letters that Java 17's Unicode 13 tables do not know yet
 * (newer than Go's tables) fold to themselves here.
 */
public final class CaseFold {
    private static final int CAPITAL_I_WITH_DOT = 0x130;
    private static final int DOTLESS_SMALL_I = 0x131;

    private CaseFold() {
    }

    public static String of(String segment) {
        requireNonNull(segment, "segment");
        if (isFolded(segment)) {
            return segment;
        }
        StringBuilder folded = new StringBuilder(segment.length());
        segment.codePoints().forEach(c -> folded.appendCodePoint(fold(c)));
        return folded.toString();
    }

    /** Go's {@code strings.EqualFold(a, b)}. */
    public static boolean equal(String a, String b) {
        return a.equals(b) || of(a).equals(of(b));
    }

    /**
     * Go's {@code len(text) >= len(prefix) && strings.EqualFold(text[:len(prefix)], prefix)}: lengths in UTF-8 bytes,
     * so a cut through a character of {@code text} (a lookalike such as {@code ſ} spelled in more bytes) never matches.
     * A key spelled as the prefix is (the usual case: every key is checked against the sections on every decode) is
     * answered without folding or allocating.
     */
    public static boolean startsWith(String text, String prefix) {
        if (text.startsWith(prefix)) {
            return true;
        }
        int prefixBytes = utf8Length(prefix);
        int bytes = 0;
        int end = 0;
        while (bytes < prefixBytes && end < text.length()) {
            int codePoint = text.codePointAt(end);
            bytes += utf8Length(codePoint);
            end += Character.charCount(codePoint);
        }
        return bytes == prefixBytes && equal(text.substring(0, end), prefix);
    }

    private static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            bytes += utf8Length(text.codePointAt(i));
        }
        return bytes;
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    private static boolean isFolded(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c >= 0x80 || fold(c) != c) {
                return false;
            }
        }
        return true;
    }

    private static int fold(int codePoint) {
        if (codePoint == CAPITAL_I_WITH_DOT || codePoint == DOTLESS_SMALL_I) {
            return codePoint;
        }
        return Character.toLowerCase(Character.toUpperCase(codePoint));
    }
}
