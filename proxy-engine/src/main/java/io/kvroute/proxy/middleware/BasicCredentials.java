package io.kvroute.proxy.middleware;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The user name and password of an {@code Authorization: Basic ...} header. The password stays bytes, as sent, so
 * it can be wiped with {@link #wipe()} once checked; {@link #toString()} never shows it.
 */
final class BasicCredentials {
    private static final String SCHEME = "Basic ";

    private final String user;
    private final byte[] password;

    private BasicCredentials(String user, byte[] password) {
        this.user = user;
        this.password = password;
    }

    /**
     * The credentials in an {@code Authorization} header value, or empty when there is no header, it is not
     * {@code Basic} (case-insensitive), its base64 does not decode or the decoded text has no {@code :}.
     */
    static Optional<BasicCredentials> parse(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(authorization.substring(SCHEME.length()));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        int colon = indexOf(decoded, (byte) ':');
        if (colon < 0) {
            Arrays.fill(decoded, (byte) 0);
            return Optional.empty();
        }
        String user = new String(decoded, 0, colon, StandardCharsets.UTF_8);
        byte[] password = Arrays.copyOfRange(decoded, colon + 1, decoded.length);
        Arrays.fill(decoded, (byte) 0);
        return Optional.of(new BasicCredentials(user, password));
    }

    String user() {
        return user;
    }

    /** The password bytes themselves (not a copy): callers must not modify them. */
    byte[] password() {
        return password;
    }

    /** Overwrites the password bytes with zeros. */
    void wipe() {
        Arrays.fill(password, (byte) 0);
    }

    @Override
    public String toString() {
        return "BasicCredentials[user=" + user + "]";
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
