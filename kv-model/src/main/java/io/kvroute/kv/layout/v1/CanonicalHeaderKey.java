package io.kvroute.kv.layout.v1;

/**
 * Go's {@code http.CanonicalHeaderKey}: {@code x-forwarded-for} becomes {@code X-Forwarded-For}; a name with a
 * character that is not a header token character is returned unchanged.
 */
public final class CanonicalHeaderKey {
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private CanonicalHeaderKey() {
    }

    public static String of(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = c < 128 && (Character.isLetterOrDigit(c) || TOKEN_SYMBOLS.indexOf(c) >= 0);
            if (!token) {
                return name;
            }
        }
        StringBuilder canonical = new StringBuilder(name.length());
        boolean upper = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (upper && c >= 'a' && c <= 'z') {
                c = (char) (c - 'a' + 'A');
            } else if (!upper && c >= 'A' && c <= 'Z') {
                c = (char) (c - 'A' + 'a');
            }
            canonical.append(c);
            upper = c == '-';
        }
        return canonical.toString();
    }
}
