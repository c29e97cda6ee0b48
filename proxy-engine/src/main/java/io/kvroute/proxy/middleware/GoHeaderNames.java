package io.kvroute.proxy.middleware;

/**
 * Go's canonical header names ({@code textproto.CanonicalMIMEHeaderKey}): the first letter and every letter after a
 * hyphen upper case, the others lower case ({@code x-auth-user} is {@code X-Auth-User}); a name with a character
 * that is not a letter, digit, hyphen or other token character stays as it is. Traefik matches header names of its
 * settings (forwardAuth's {@code authResponseHeadersRegex}, ...) against these.
 */
final class GoHeaderNames {
    private GoHeaderNames() {
    }

    static String canonical(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
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
