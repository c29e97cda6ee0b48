package io.kvroute.kv.layout.node;

import static java.util.Objects.requireNonNull;

/**
 * The one spelling of a key segment that every case variant shares, so that names Traefik merges ignoring case
 * ({@link String#equalsIgnoreCase}, as Go's {@code strings.EqualFold} in its decoder) can be looked up in a hash map:
 * two segments are equal ignoring case exactly when their folds are equal. Each code point is folded the way
 * {@code equalsIgnoreCase} compares it: upper-cased, then lower-cased.
 */
public final class CaseFold {
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
        return Character.toLowerCase(Character.toUpperCase(codePoint));
    }
}
