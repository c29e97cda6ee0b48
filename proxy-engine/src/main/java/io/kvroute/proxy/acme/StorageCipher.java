package io.kvroute.proxy.acme;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals private keys before they are written to the store and opens them after they are read: AES-256-GCM (JDK),
 * a fresh 96-bit nonce per value, and the store key the value is written under as associated data, so a value copied
 * to another key does not open. The AES key is the SHA-256 of the key file's content (trimmed; at least 32 bytes,
 * e.g. {@code head -c 32 /dev/urandom | base64}); every proxy of one store needs the same file. A sealed value reads
 * {@code aesgcm1:BASE64(nonce || ciphertext || tag)}.
 */
final class StorageCipher {
    private static final String FORMAT = "aesgcm1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MIN_KEY_FILE_BYTES = 32;
    private static final int MAX_KEY_FILE_BYTES = 64 * 1024;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private StorageCipher(byte[] aesKey) {
        this.key = new SecretKeySpec(aesKey, "AES");
    }

    /**
     * The cipher keyed by {@code file}.
     *
     * @throws IllegalArgumentException one line naming the file and what is wrong with it
     */
    static StorageCipher fromKeyFile(Path file) {
        byte[] content;
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_KEY_FILE_BYTES) {
                throw new IllegalArgumentException("--acme.storage.keyFile=" + file
                        + ": expected a regular file of at most 64 KiB");
            }
            content = new String(Files.readAllBytes(file), UTF_8).trim().getBytes(UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--acme.storage.keyFile=" + file + ": cannot read it (" + e + ")", e);
        }
        if (content.length < MIN_KEY_FILE_BYTES) {
            throw new IllegalArgumentException("--acme.storage.keyFile=" + file + ": " + content.length
                    + " bytes (expected at least " + MIN_KEY_FILE_BYTES
                    + " bytes of secret, e.g. head -c 32 /dev/urandom | base64)");
        }
        try {
            return new StorageCipher(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    /** {@code plain} sealed for the store key {@code storeKey}. */
    String seal(String storeKey, byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(storeKey.getBytes(UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return FORMAT + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot encrypt with AES-GCM: " + e.getMessage(), e);
        }
    }

    /**
     * The plain bytes of a value sealed for {@code storeKey}.
     *
     * @throws IllegalArgumentException when the value is not sealed, was sealed with another key file, or for
     *     another store key
     */
    byte[] open(String storeKey, String sealed) {
        if (!sealed.startsWith(FORMAT)) {
            throw new IllegalArgumentException(storeKey + ": the private key is not sealed (expected " + FORMAT
                    + "...; kvroute never reads private keys stored in the clear)");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed.substring(FORMAT.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(storeKey + ": the sealed private key is not base64", e);
        }
        if (bytes.length <= NONCE_BYTES) {
            throw new IllegalArgumentException(storeKey + ": the sealed private key is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(storeKey.getBytes(UTF_8));
            return cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(storeKey + ": the private key does not decrypt (written with another "
                    + "--acme.storage.keyFile, or changed in the store)", e);
        }
    }
}
