package io.kvroute.proxy.acme;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageCipherTest {
    @TempDir
    Path dir;

    private StorageCipher cipher(String secret) throws Exception {
        Path file = Files.writeString(dir.resolve("key-" + secret.hashCode()), secret + "\n");
        return StorageCipher.fromKeyFile(file);
    }

    @Test
    void a_sealed_value_opens_for_its_own_key_only_and_never_shows_the_plain_text() throws Exception {
        StorageCipher cipher = cipher("0123456789abcdef0123456789abcdef");

        String sealed = cipher.seal("kvroute/acme/le/account", "-----BEGIN PRIVATE KEY-----".getBytes(UTF_8));

        assertThat(sealed).startsWith("aesgcm1:").doesNotContain("PRIVATE");
        assertThat(new String(cipher.open("kvroute/acme/le/account", sealed), UTF_8))
                .isEqualTo("-----BEGIN PRIVATE KEY-----");
        assertThat(cipher.seal("kvroute/acme/le/account", new byte[] {1})).isNotEqualTo(
                cipher.seal("kvroute/acme/le/account", new byte[] {1}));
        assertThatThrownBy(() -> cipher.open("kvroute/acme/le/certificates/a.test", sealed))
                .hasMessage("kvroute/acme/le/certificates/a.test: the private key does not decrypt (written with "
                        + "another --acme.storage.keyFile, or changed in the store)");
    }

    @Test
    void another_key_file_cannot_open_it_and_clear_or_broken_values_are_refused() throws Exception {
        String sealed = cipher("0123456789abcdef0123456789abcdef").seal("k", new byte[] {1, 2, 3});
        StorageCipher other = cipher("fedcba9876543210fedcba9876543210");

        assertThatThrownBy(() -> other.open("k", sealed)).hasMessageStartingWith("k: the private key does not decrypt");
        assertThatThrownBy(() -> other.open("k", "-----BEGIN PRIVATE KEY-----"))
                .hasMessageStartingWith("k: the private key is not sealed");
        assertThatThrownBy(() -> other.open("k", "aesgcm1:%%%")).hasMessage("k: the sealed private key is not base64");
        assertThatThrownBy(() -> other.open("k", "aesgcm1:AAAA")).hasMessage("k: the sealed private key is truncated");
    }

    @Test
    void a_short_or_missing_key_file_is_one_line_naming_the_flag() throws Exception {
        Path shortFile = Files.writeString(dir.resolve("short"), "tooshort\n");

        assertThatThrownBy(() -> StorageCipher.fromKeyFile(shortFile)).hasMessage("--acme.storage.keyFile=" + shortFile
                + ": 8 bytes (expected at least 32 bytes of secret, e.g. head -c 32 /dev/urandom | base64)");
        assertThatThrownBy(() -> StorageCipher.fromKeyFile(dir.resolve("missing")))
                .hasMessage("--acme.storage.keyFile=" + dir.resolve("missing")
                        + ": expected a regular file of at most 64 KiB");
    }
}
