package io.kvroute.agent.docker;

import static java.util.Objects.requireNonNull;

import com.github.dockerjava.transport.SSLConfig;
import io.kvroute.kv.pem.PemException;
import io.kvroute.kv.pem.PemKeyPair;
import io.kvroute.kv.pem.PemKeyPairs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS client of a Docker engine from a certificate directory as {@code docker --tlsverify} reads it: the engine's
 * certificate must chain to {@code ca.pem}, and the agent presents {@code cert.pem} with the key {@code key.pem}
 * (PKCS #1, PKCS #8 or SEC 1). Read with kv-model's PEM reader and the JDK alone: docker-java's own reader of the
 * directory needs BouncyCastle, about 6,400 classes the agent-only jar does without.
 *
 * @param directory the directory holding {@link DockerEndpoint#TLS_FILES}
 */
record DockerTlsDirectory(Path directory) implements SSLConfig {
    /** Protects the key only inside this in-memory key store, which the JDK's key manager insists on. */
    private static final char[] IN_MEMORY = "kvroute".toCharArray();

    DockerTlsDirectory {
        requireNonNull(directory, "directory");
    }

    /**
     * @throws KeyManagementException naming the file and what was wrong with it when one is unreadable or refused
     */
    @Override
    public SSLContext getSSLContext() throws KeyManagementException {
        List<X509Certificate> authorities = read("ca.pem", PemKeyPairs::certificates);
        List<X509Certificate> chain = read("cert.pem", PemKeyPairs::chain);
        PemKeyPair client = read("key.pem", key -> PemKeyPairs.pair(chain, PemKeyPairs.privateKey(key)));
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", client.key(), IN_MEMORY, client.chain().toArray(new X509Certificate[0]));
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                trusted.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, IN_MEMORY);
            TrustManagerFactory trustManagers =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyManagementException("Docker TLS directory " + directory + ": " + e.getMessage(), e);
        }
    }

    private <T> T read(String file, PemReader<T> reader) throws KeyManagementException {
        Path path = directory.resolve(file);
        try {
            return reader.read(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new KeyManagementException(path + ": cannot be read (" + e.getMessage() + ")", e);
        } catch (PemException e) {
            throw new KeyManagementException(path + ": " + e.getMessage(), e);
        }
    }

    /** Reads one file's PEM bytes. */
    @FunctionalInterface
    private interface PemReader<T> {
        T read(byte[] pem) throws PemException;
    }
}
