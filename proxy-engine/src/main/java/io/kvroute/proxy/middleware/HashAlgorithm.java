package io.kvroute.proxy.middleware;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.codec.digest.Md5Crypt;

/**
 * The htpasswd hash formats basic auth accepts, as Traefik does: bcrypt ({@code $2a$}, {@code $2b$}, {@code $2x$},
 * {@code $2y$}; passwords longer than 72 bytes are cut to 72, like Go's bcrypt), Apache MD5 ({@code $apr1$}),
 * MD5-crypt ({@code $1$}) and unsalted SHA-1 ({@code {SHA}}). Verification never modifies the password bytes it is
 * given and compares in constant time.
 */
enum HashAlgorithm {
    BCRYPT(Pattern.compile("\\$2[abxy]\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
        @Override
        boolean verify(byte[] password, String hash) {
            return BCRYPT_VERIFIER.verify(password.clone(), hash.getBytes(StandardCharsets.US_ASCII)).verified;
        }
    },
    APR1(Pattern.compile("\\$apr1\\$[./A-Za-z0-9]{1,8}\\$[./A-Za-z0-9]{22}")) {
        @Override
        boolean verify(byte[] password, String hash) {
            return sameText(Md5Crypt.apr1Crypt(password.clone(), hash), hash);
        }
    },
    MD5_CRYPT(Pattern.compile("\\$1\\$[./A-Za-z0-9]{1,8}\\$[./A-Za-z0-9]{22}")) {
        @Override
        boolean verify(byte[] password, String hash) {
            return sameText(Md5Crypt.md5Crypt(password.clone(), hash), hash);
        }
    },
    SHA1(Pattern.compile("\\{SHA}[A-Za-z0-9+/]{27}=")) {
        @Override
        boolean verify(byte[] password, String hash) {
            byte[] expected = Base64.getDecoder().decode(hash.substring("{SHA}".length()));
            return MessageDigest.isEqual(DigestUtils.sha1(password), expected);
        }
    };

    /** What a warning says the supported formats are. */
    static final String SUPPORTED = "bcrypt $2a$/$2b$/$2y$, $apr1$, $1$ or {SHA}";

    private static final BCrypt.Verifyer BCRYPT_VERIFIER =
            BCrypt.verifyer(BCrypt.Version.VERSION_2A, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));

    private final Pattern format;

    HashAlgorithm(Pattern format) {
        this.format = format;
    }

    /** The algorithm whose format {@code hash} has, or empty when it has none of them. */
    static Optional<HashAlgorithm> of(String hash) {
        return Arrays.stream(values()).filter(algorithm -> algorithm.format.matcher(hash).matches()).findFirst();
    }

    /** Whether {@code password} hashes to {@code hash}, which must have this algorithm's format. */
    abstract boolean verify(byte[] password, String hash);

    private static boolean sameText(String computed, String expected) {
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                expected.getBytes(StandardCharsets.US_ASCII));
    }
}
