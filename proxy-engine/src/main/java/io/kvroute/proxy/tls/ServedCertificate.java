package io.kvroute.proxy.tls;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.pem.PemKeyPair;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * One certificate the TLS entry points can present: where it comes from, the chain and key, the DNS names it is
 * matched by (its DNS subject alternative names, else its subject's common name, lower case), and its not-after.
 *
 * @param alias  what the key manager calls it: a digest of its encoding, the same in every snapshot it is in
 * @param id     the key segment under {@code tls/certificates}, or the store name for a store's default
 * @param source {@code store}, {@code default} (a store's {@code defaultCertificate}), {@code acme} (a certificate
 *               resolver's, in the default store) or {@code generated}
 */
public record ServedCertificate(String alias, String id, String source, PemKeyPair pair, List<String> names,
        Instant notAfter) {
    public static final String STORE = "store";
    public static final String DEFAULT = "default";
    public static final String GENERATED = "generated";
    public static final String ACME = "acme";

    public ServedCertificate {
        requireNonNull(alias, "alias");
        requireNonNull(id, "id");
        requireNonNull(source, "source");
        requireNonNull(pair, "pair");
        names = List.copyOf(names);
        requireNonNull(notAfter, "notAfter");
    }

    /** The certificate of {@code pair}, its names and not-after read from the leaf. */
    public static ServedCertificate of(String id, String source, PemKeyPair pair) {
        X509Certificate leaf = pair.leaf();
        return new ServedCertificate(source + ":" + id + ":" + digest(pair), id, source, pair, namesOf(leaf),
                leaf.getNotAfter().toInstant());
    }

    public X509Certificate leaf() {
        return pair.leaf();
    }

    /** Whether it may be presented at {@code now}: not past its not-after. */
    public boolean validAt(Instant now) {
        return !now.isAfter(notAfter);
    }

    /** The issuer's distinguished name, as the API shows it. */
    public String issuer() {
        return leaf().getIssuerX500Principal().getName();
    }

    /** Whether its key can sign for a handshake asking for {@code keyType} (JSSE's names: RSA, EC, RSASSA-PSS, ...). */
    boolean suits(String keyType) {
        String algorithm = pair.key().getAlgorithm();
        return switch (keyType) {
            case "RSA", "RSASSA-PSS" -> algorithm.equals("RSA") || algorithm.equals(keyType);
            case "EC" -> algorithm.equals("EC");
            case "EdDSA", "Ed25519" -> algorithm.equals("EdDSA") || algorithm.equals("Ed25519");
            default -> algorithm.equals(keyType);
        };
    }

    private static List<String> namesOf(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            if (leaf.getSubjectAlternativeNames() != null) {
                for (List<?> name : leaf.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(2).equals(name.get(0))) {
                        names.add(name.get(1).toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException unreadable) {
            return List.of();
        }
        if (names.isEmpty()) {
            try {
                for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
                    if (rdn.getType().equalsIgnoreCase("CN")) {
                        names.add(rdn.getValue().toString().toLowerCase(Locale.ROOT));
                    }
                }
            } catch (InvalidNameException unreadable) {
                return List.of();
            }
        }
        return names;
    }

    private static String digest(PemKeyPair pair) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(pair.leaf().getEncoded());
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
