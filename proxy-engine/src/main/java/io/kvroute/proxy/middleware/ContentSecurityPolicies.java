package io.kvroute.proxy.middleware;

import com.google.common.collect.ImmutableList;
import io.undertow.util.HttpString;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code contentSecurityPolicy} and {@code contentSecurityPolicyReportOnly} as unrolled/secure sends them. A policy
 * with {@code $NONCE} gets a fresh nonce per request in its place ({@code 'nonce-<16 random bytes, unpadded
 * base64>'}); the policies are then Go format strings given that nonce, as in secure: {@code %%} is {@code %}, and a
 * policy without the nonce while the other has one ends in {@code %!(EXTRA string=<nonce>)}. Any other {@code %} in
 * that case is refused, since only Go's formatter knows what it would make of it.
 */
final class ContentSecurityPolicies {
    private static final HttpString POLICY = new HttpString("Content-Security-Policy");
    private static final HttpString REPORT_ONLY = new HttpString("Content-Security-Policy-Report-Only");
    private static final String NONCE_VERB = "%[1]s";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One policy header and its text, with {@code $NONCE} replaced by {@link #NONCE_VERB}. */
    private record Policy(HttpString name, String text) {
        String render(String nonce) {
            StringBuilder rendered = new StringBuilder(text.length() + 32);
            for (int i = 0; i < text.length(); i++) {
                if (text.startsWith(NONCE_VERB, i)) {
                    rendered.append(nonce);
                    i += NONCE_VERB.length() - 1;
                } else if (text.startsWith("%%", i)) {
                    rendered.append('%');
                    i++;
                } else {
                    rendered.append(text.charAt(i));
                }
            }
            if (!text.contains(NONCE_VERB)) {
                rendered.append("%!(EXTRA string=").append(nonce).append(')');
            }
            return rendered.toString();
        }
    }

    private final List<Policy> policies;
    private final boolean nonced;

    private ContentSecurityPolicies(List<Policy> policies, boolean nonced) {
        this.policies = ImmutableList.copyOf(policies);
        this.nonced = nonced;
    }

    /**
     * Reads both policies of a {@code headers} middleware.
     *
     * @throws MiddlewareException naming the setting when a policy has a control character, or a {@code %} secure
     *         would format unpredictably
     */
    static ContentSecurityPolicies read(MiddlewareSettings settings) {
        Optional<Policy> policy = policy(settings, "contentSecurityPolicy", POLICY);
        Optional<Policy> reportOnly = policy(settings, "contentSecurityPolicyReportOnly", REPORT_ONLY);
        boolean nonced = policy.map(p -> p.text().contains(NONCE_VERB)).orElse(false)
                || reportOnly.map(p -> p.text().contains(NONCE_VERB)).orElse(false);
        if (nonced) {
            checkFormat(settings, "contentSecurityPolicy", policy);
            checkFormat(settings, "contentSecurityPolicyReportOnly", reportOnly);
        }
        ImmutableList.Builder<Policy> policies = ImmutableList.builder();
        policy.ifPresent(policies::add);
        reportOnly.ifPresent(policies::add);
        return new ContentSecurityPolicies(policies.build(), nonced);
    }

    boolean isEmpty() {
        return policies.isEmpty();
    }

    /** Adds the policy headers of one response, with a new nonce if a policy asks for one. */
    void addTo(List<SecurityHeadersPolicy.Header> headers) {
        String nonce = nonced ? newNonce() : "";
        for (Policy policy : policies) {
            headers.add(new SecurityHeadersPolicy.Header(policy.name(),
                    nonced ? policy.render(nonce) : policy.text()));
        }
    }

    private static String newNonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Optional<Policy> policy(MiddlewareSettings settings, String setting, HttpString header) {
        Optional<String> text = settings.text(setting).filter(value -> !value.isEmpty());
        if (text.isPresent() && HeaderEdits.hasControlCharacter(text.get())) {
            throw HeaderEdits.controlCharacterIn(settings.middleware(), setting);
        }
        return text.map(value -> new Policy(header, value.replace("$NONCE", "'nonce-" + NONCE_VERB + "'")));
    }

    private static void checkFormat(MiddlewareSettings settings, String setting, Optional<Policy> policy) {
        if (policy.isEmpty()) {
            return;
        }
        String rest = policy.get().text().replace(NONCE_VERB, "").replace("%%", "");
        if (rest.indexOf('%') >= 0) {
            throw settings.invalid(setting, "no '%' but in $NONCE or as %% when a policy has $NONCE, which makes "
                    + "the policies Go format strings");
        }
    }
}
