package io.kvroute.proxy.accesslog;

/**
 * Header names as Go's {@code textproto.CanonicalMIMEHeaderKey} writes them, the form Traefik's JSON lines carry
 * ({@code request_User-Agent}): the first letter and each letter after a hyphen upper case, the others lower case; a
 * name with a character outside letters, digits and {@code !#$%&'*+-.^_`|~} is left as it is.
 */
final class HeaderNames {
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private HeaderNames() {
    }

    static String canonical(String name) {
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
            canonical.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return canonical.toString();
    }
}
