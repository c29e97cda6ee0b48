package io.kvroute.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.kvroute.agent.testing.DockerdExtension;
import io.kvroute.agent.testing.HttpdSpec;
import io.kvroute.agent.testing.RunningContainer;
import io.kvroute.kv.pem.PemKeyPairs;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.store.StoreSettings;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.kv.testing.TestCertificate;
import io.kvroute.kv.testing.TlsFixtures;
import io.kvroute.kv.testing.consul.ConsulEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar target/kvroute-agent.jar agent}, the agent-only jar, on the paths that load classes the plain etcd
 * run of the class list does not: etcd over mutual TLS, etcd with a user and password, Consul (the emulator), Docker
 * (a private dockerd) and Docker over TLS (a TLS server that requires the client's certificate). A class the jar left out would end the agent with a NoClassDefFoundError; here each one
 * registers its server.
 */
class AgentJarIT {
    @RegisterExtension
    static final EtcdExtension TLS_ETCD = EtcdExtension.withMutualTls();
    @RegisterExtension
    static final EtcdExtension AUTH_ETCD = new EtcdExtension();
    @RegisterExtension
    static final DockerdExtension DOCKER = new DockerdExtension();

    private static final Path JAR = Path.of("target", "kvroute-agent.jar");
    private static final String USER = "root";
    private static final String PASSWORD = "kvroute-test-password";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);

    @TempDir
    Path dir;

    private final List<Process> agents = new ArrayList<>();
    private String prefix;
    private Path services;
    private Path output;

    @BeforeEach
    void prepare() throws IOException {
        prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
        services = Files.writeString(dir.resolve("services.yaml"), "services:\n  - name: api\n    servers:\n"
                + "      - url: http://127.0.0.1:9001\n");
        output = dir.resolve("agent.log");
    }

    @AfterEach
    void stopAgents() throws InterruptedException {
        for (Process agent : agents) {
            agent.destroy();
            if (!agent.waitFor(10, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
            }
        }
    }

    @Test
    void registersOnAnEtcdThatRequiresMutualTls() throws Exception {
        StoreSettings settings = TLS_ETCD.settings();
        startAgent("--etcd.endpoint=" + TLS_ETCD.endpoint(), "--etcd.tls.ca=" + settings.tlsCa().orElseThrow(),
                "--etcd.tls.cert=" + settings.tlsCert().orElseThrow(),
                "--etcd.tls.key=" + settings.tlsKey().orElseThrow(), "--services=" + services);

        awaitServer(settings, "http/services/api/loadBalancer/servers/n1--api-127-0-0-1-9001/url");
    }

    @Test
    void registersOnAnEtcdWithAUserAndPassword() throws Exception {
        startAgent("--etcd.endpoint=" + AUTH_ETCD.endpoint(), "--etcd.username=" + USER,
                "--etcd.password=" + PASSWORD, "--services=" + services);

        awaitServer(AUTH_ETCD.settings().withCredentials(USER, PASSWORD),
                "http/services/api/loadBalancer/servers/n1--api-127-0-0-1-9001/url");
    }

    @Test
    void registersOnConsul() throws Exception {
        try (ConsulEmulator consul = ConsulEmulator.start()) {
            startAgent("--consul.endpoint=" + consul.endpoint(), "--services=" + services); // Consul's TTLs: >= 10s

            awaitServer(consul.settings(), "http/services/api/loadBalancer/servers/n1--api-127-0-0-1-9001/url");
        }
    }

    @Test
    void registersADockerContainer() throws Exception {
        int port = DockerdExtension.freePort();
        RunningContainer web = DOCKER.startHttpd(HttpdSpec.httpd("web", port)
                .withLabel("traefik.http.routers.web.rule", "Host(`web.example.com`)")
                .withLabel("traefik.http.services.web.loadbalancer.server.port", Integer.toString(port)));
        try {
            startAgent("--etcd.endpoint=" + AUTH_ETCD.endpoint(), "--etcd.username=" + USER,
                    "--etcd.password=" + PASSWORD, "--docker.endpoint=" + DOCKER.endpoint(), "--host-ip=127.0.0.1");

            awaitServer(AUTH_ETCD.settings().withCredentials(USER, PASSWORD), "http/routers/web/rule");
        } finally {
            DOCKER.remove(web.id());
        }
    }

    /**
     * {@code --docker.tls.certdir}: the agent jar has no BouncyCastle, so the directory is read by DockerTlsDirectory;
     * a TLS server that requires a client certificate receives the agent's {@code cert.pem}.
     */
    @Test
    void presentsTheDockerTlsDirectorysCertificateToTheEngine() throws Exception {
        TestCertificate engine = TlsFixtures.a();
        TestCertificate client = TlsFixtures.b();
        Path certs = Files.createDirectories(dir.resolve("docker-certs"));
        Files.writeString(certs.resolve("ca.pem"), engine.certPem());
        Files.writeString(certs.resolve("cert.pem"), client.certPem());
        Files.writeString(certs.resolve("key.pem"), client.keyPem());
        try (SSLServerSocket listener = (SSLServerSocket) serverContext(engine, client).getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            CompletableFuture<Certificate> presented = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.startHandshake();
                    return accepted.getSession().getPeerCertificates()[0];
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

            startAgent("--etcd.endpoint=" + AUTH_ETCD.endpoint(), "--etcd.username=" + USER,
                    "--etcd.password=" + PASSWORD, "--services=" + services,
                    "--docker.endpoint=tcp://127.0.0.1:" + listener.getLocalPort(), "--docker.tls.certdir=" + certs);

            assertThat(presented.get(60, TimeUnit.SECONDS)).isEqualTo(client.certificate());
            awaitServer(AUTH_ETCD.settings().withCredentials(USER, PASSWORD),
                    "http/services/api/loadBalancer/servers/n1--api-127-0-0-1-9001/url");
        }
    }

    /** A TLS server presenting {@code engine} that trusts only {@code client}'s certificate. */
    private static SSLContext serverContext(TestCertificate engine, TestCertificate client) throws Exception {
        char[] password = "test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("engine", PemKeyPairs.privateKey(engine.keyPem().getBytes(StandardCharsets.US_ASCII)),
                password, new X509Certificate[] {engine.certificate()});
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("client", client.certificate());
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private void startAgent(String... flags) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString(), "agent", "--prefix=" + prefix, "--node-name=n1",
                "--health.address=127.0.0.1:0", "--ttl=10s", "--drain-grace=0s"));
        command.addAll(List.of(flags));
        agents.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start());
    }

    /** Waits until {@code key} under the prefix is stored, and checks no class was missing on the way. */
    private void awaitServer(StoreSettings settings, String key) throws IOException {
        try (KvStore store = KvStores.open(settings)) {
            await().atMost(WAIT).pollInterval(POLL).ignoreExceptions().untilAsserted(() -> assertThat(
                    store.list(prefix + "/").pairs()).as("the agent's output: %s", Files.readString(output))
                    .extracting(KvPair::key).contains(prefix + "/" + key));
        }
        assertThat(Files.readString(output, StandardCharsets.UTF_8)).as("the agent's output")
                .doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
    }

    /** The root user, and authentication on: every agent of this class logs in to that etcd. */
    @BeforeAll
    static void enableAuth() throws Exception {
        try (Client admin = Client.builder().endpoints("http://" + AUTH_ETCD.endpoint()).build()) {
            admin.getAuthClient().userAdd(bytes(USER), bytes(PASSWORD)).get(10, TimeUnit.SECONDS);
            admin.getAuthClient().roleAdd(bytes(USER)).get(10, TimeUnit.SECONDS);
            admin.getAuthClient().userGrantRole(bytes(USER), bytes(USER)).get(10, TimeUnit.SECONDS);
            admin.getAuthClient().authEnable().get(10, TimeUnit.SECONDS);
        }
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }
}
