package io.kvroute.kv.pem;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Certificates and keys from PEM bytes, as Traefik reads {@code certFile}/{@code keyFile} (Go's
 * {@code tls.X509KeyPair}: {@link #chain}, {@link #privateKey}, then {@link #pair}) and {@code caFiles} (Go's
 * {@code AppendCertsFromPEM}: {@link #certificates}). Every refusal is a {@link PemException} saying what was found
 * and what was expected.
 */
public final class PemKeyPairs {
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * SHA-256 digests of leaf and key encodings already shown to match: the proxy decodes on every store change, a
     * signature costs about a millisecond per certificate, and the outcome depends on the two encodings alone. Only
     * digests are kept, never a key.
     */
    private static final Cache<ByteBuffer, Boolean> MATCHED = CacheBuilder.newBuilder().maximumSize(10_000).build();

    private PemKeyPairs() {
    }

    /** The chain of a certificate file: its {@code CERTIFICATE} blocks in order, the leaf first. */
    public static List<X509Certificate> chain(byte[] certPem) throws PemException {
        List<PemBlock> blocks = PemText.blocks(text(certPem));
        List<X509Certificate> chain = new ArrayList<>();
        for (PemBlock block : blocks) {
            if (block.isCertificate()) {
                chain.add(certificate(block, chain.size()));
            }
        }
        if (chain.isEmpty()) {
            throw new PemException(blocks.stream().anyMatch(PemBlock::isPrivateKey)
                    ? "holds a private key, not a certificate (certFile and keyFile swapped?)"
                    : "no CERTIFICATE block" + found(blocks));
        }
        return List.copyOf(chain);
    }

    /** The key of a key file: its first block whose type ends in {@code PRIVATE KEY}. */
    public static PrivateKey privateKey(byte[] keyPem) throws PemException {
        List<PemBlock> blocks = PemText.blocks(text(keyPem));
        Optional<PemBlock> keyBlock = blocks.stream().filter(PemBlock::isPrivateKey).findFirst();
        if (keyBlock.isEmpty()) {
            throw new PemException(blocks.stream().anyMatch(PemBlock::isCertificate)
                    ? "holds a certificate, not a private key (certFile and keyFile swapped?)"
                    : "no PRIVATE KEY block" + found(blocks));
        }
        return PrivateKeyDecoder.decode(keyBlock.get().der());
    }

    /** The pair, once {@code key} is shown to be the key of the chain's leaf. */
    public static PemKeyPair pair(List<X509Certificate> chain, PrivateKey key) throws PemException {
        ByteBuffer digest = digest(chain.get(0), key);
        if (MATCHED.getIfPresent(digest) == null) {
            requireMatch(chain.get(0).getPublicKey(), key);
            MATCHED.put(digest, true);
        }
        return new PemKeyPair(chain, key);
    }

    /**
     * The certificates of a CA file: its {@code CERTIFICATE} blocks that parse (Go skips the others); at least one
     * is required.
     */
    public static List<X509Certificate> certificates(byte[] pem) throws PemException {
        List<PemBlock> blocks = PemText.blocks(text(pem));
        List<X509Certificate> certificates = new ArrayList<>();
        for (PemBlock block : blocks) {
            if (block.isCertificate()) {
                try {
                    certificates.add(certificate(block, certificates.size()));
                } catch (PemException skipped) {
                    // AppendCertsFromPEM skips a certificate that does not parse.
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new PemException("no CERTIFICATE block that parses" + found(blocks));
        }
        return List.copyOf(certificates);
    }

    private static X509Certificate certificate(PemBlock block, int position) throws PemException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(block.der()));
        } catch (CertificateException e) {
            throw new PemException("certificate " + (position + 1) + " does not parse: " + e.getMessage());
        }
    }

    private static ByteBuffer digest(X509Certificate leaf, PrivateKey key) throws PemException {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(leaf.getEncoded());
            return ByteBuffer.wrap(sha256.digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new PemException("certificate cannot be digested: " + e.getMessage());
        }
    }

    /** Go compares the key with the certificate's public key; here a signature made with the key must verify. */
    private static void requireMatch(PublicKey certificateKey, PrivateKey key) throws PemException {
        Optional<KeyKind> certificateKind = KeyKind.of(certificateKey);
        if (certificateKind.isEmpty()) {
            throw new PemException("certificate's public key is " + certificateKey.getAlgorithm()
                    + " (expected RSA, ECDSA or Ed25519)");
        }
        KeyKind kind = KeyKind.of(key).orElseThrow();
        if (kind != certificateKind.get()) {
            throw new PemException("private key does not match the certificate: the key is " + kind
                    + ", the certificate's is " + certificateKind.get());
        }
        byte[] probe = new byte[32];
        RANDOM.nextBytes(probe);
        try {
            Signature signer = Signature.getInstance(kind.signature());
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(kind.signature());
            verifier.initVerify(certificateKey);
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new PemException("private key does not match the certificate's public key");
            }
        } catch (GeneralSecurityException e) {
            throw new PemException("private key does not match the certificate's public key: " + e.getMessage());
        }
    }

    private static String found(List<PemBlock> blocks) {
        return blocks.isEmpty() ? " (no PEM data found)"
                : " (found: " + blocks.stream().map(PemBlock::type).distinct().collect(Collectors.joining(", ")) + ")";
    }

    /** PEM is ASCII; Latin-1 maps every byte to one char, so nothing is lost or replaced. */
    private static String text(byte[] pem) {
        return new String(pem, StandardCharsets.ISO_8859_1);
    }
}
