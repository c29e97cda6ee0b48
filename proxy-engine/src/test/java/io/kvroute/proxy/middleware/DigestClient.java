package io.kvroute.proxy.middleware;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * What curl --digest sends (RFC 2617, MD5, qop=auth), computed here because the JDK client does not do digest:
 * {@code DigestClient.Challenge.parse(wwwAuthenticate).authorization("test", "test", "GET", "/", 1)}.
 */
final class DigestClient {
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private DigestClient() {
    }

    /** A server's {@code WWW-Authenticate: Digest ...} parameters. */
    record Challenge(String realm, String nonce, String opaque, boolean stale) {
        static Challenge parse(String header) {
            if (!header.startsWith("Digest ")) {
                throw new IllegalArgumentException("not a digest challenge: " + header);
            }
            Map<String, String> params = new java.util.HashMap<>();
            Matcher matcher = PARAM.matcher(header);
            while (matcher.find()) {
                params.put(matcher.group(1), matcher.group(2));
            }
            return new Challenge(params.get("realm"), params.get("nonce"), params.get("opaque"),
                    "true".equals(params.get("stale")));
        }

        /** The {@code Authorization} value for {@code user} with {@code password}, request count {@code nc}. */
        String authorization(String user, String password, String method, String uri, int nc) {
            return authorization(user, md5(user + ":" + realm + ":" + password), method, uri, nc, "0a4f113b");
        }

        /** The same from the {@code htdigest} hash {@code ha1}, with a chosen client nonce. */
        String authorization(String user, String ha1, String method, String uri, int nc, String cnonce) {
            String count = String.format("%08x", nc);
            String response = md5(ha1 + ":" + nonce + ":" + count + ":" + cnonce + ":auth:" + md5(method + ":" + uri));
            return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                    + "\", algorithm=MD5, response=\"" + response + "\", opaque=\"" + opaque + "\", qop=auth, nc="
                    + count + ", cnonce=\"" + cnonce + "\"";
        }
    }

    static String md5(String text) {
        return DigestUtils.md5Hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
