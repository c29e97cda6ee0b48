package io.kvroute.proxy.testing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates made for one test with BouncyCastle: a CA and what it signs (ECDSA P-256). */
public final class TestPki {
    /** A certificate with its key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {
        public String certPem() {
            return pem("CERTIFICATE", encoded());
        }

        public String keyPem() {
            return pem("PRIVATE KEY", key.getEncoded());
        }

        private byte[] encoded() {
            try {
                return certificate.getEncoded();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A TLS context presenting this certificate and trusting {@code trusted}. */
        public SSLContext context(X509Certificate... trusted) {
            try {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("me", key, new char[0], new X509Certificate[] {certificate});
                KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(keys, new char[0]);
                KeyStore roots = KeyStore.getInstance("PKCS12");
                roots.load(null, null);
                for (int i = 0; i < trusted.length; i++) {
                    roots.setCertificateEntry("ca" + i, trusted[i]);
                }
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(roots);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
                return context;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private TestPki() {
    }

    public static Issued ca(String subject) {
        KeyPair pair = keyPair();
        return new Issued(sign(new X500Name(subject), pair, new X500Name(subject), pair.getPrivate(),
                BigInteger.ONE, Instant.now().minusSeconds(60), Instant.now().plusSeconds(86_400), List.of(), true),
                pair.getPrivate());
    }

    /** A leaf signed by {@code ca}, valid from {@code notBefore} to {@code notAfter}. */
    public static Issued leaf(Issued ca, String subject, BigInteger serial, Instant notBefore, Instant notAfter,
            List<GeneralName> sans) {
        KeyPair pair = keyPair();
        X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        return new Issued(sign(new X500Name(subject), pair, issuer, ca.key(), serial, notBefore, notAfter, sans,
                false), pair.getPrivate());
    }

    private static X509Certificate sign(X500Name subject, KeyPair pair, X500Name issuer, PrivateKey signer,
            BigInteger serial, Instant notBefore, Instant notAfter, List<GeneralName> sans, boolean ca) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial,
                    Date.from(notBefore), Date.from(notAfter), subject, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (!sans.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
