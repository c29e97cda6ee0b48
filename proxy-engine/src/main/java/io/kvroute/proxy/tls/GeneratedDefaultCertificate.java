package io.kvroute.proxy.tls;

import io.kvroute.kv.pem.PemKeyPair;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Traefik's generated default certificate, served when no certificate matches the SNI and the default store has
 * no {@code defaultCertificate}: self-signed, subject {@code CN=TRAEFIK DEFAULT CERT}, RSA 2048, one year, for a
 * random name under {@code .traefik.default} (as Traefik's {@code generate.DefaultCertificate}). Made in memory at
 * start with Bouncy Castle's certificate builder; no client trusts it, which is the point.
 */
public final class GeneratedDefaultCertificate {
    /** The subject Traefik gives it, by which clients and operators recognise it. */
    public static final String COMMON_NAME = "TRAEFIK DEFAULT CERT";
    private static final Duration VALIDITY = Duration.ofDays(365);

    private GeneratedDefaultCertificate() {
    }

    /** A new certificate and key, valid from {@code now} for a year. */
    public static PemKeyPair generate(Instant now) {
        try {
            SecureRandom random = new SecureRandom();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, random);
            KeyPair keys = generator.generateKeyPair();
            String name = randomLabel(random) + "." + randomLabel(random) + ".traefik.default";
            X500Name subject = new X500Name("CN=" + COMMON_NAME);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(128, random), Date.from(now), Date.from(now.plus(VALIDITY)), subject,
                    keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, name)));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
            return new PemKeyPair(List.of(certificate), keys.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("generating the default certificate failed: " + e.getMessage(), e);
        }
    }

    private static String randomLabel(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
