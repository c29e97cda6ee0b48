package io.kvroute.agent.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServicesFileWatcherTest {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration DEBOUNCE = Duration.ofMillis(50);

    @TempDir
    Path directory;

    private final List<List<String>> deliveries = new CopyOnWriteArrayList<>();
    private final List<ServicesFileException> errors = new CopyOnWriteArrayList<>();
    private ServicesFileWatcher watcher;

    private final ServicesFileWatcher.Listener listener = new ServicesFileWatcher.Listener() {
        @Override
        public void onServices(List<StaticService> services) {
            deliveries.add(services.stream().map(StaticService::name).toList());
        }

        @Override
        public void onError(ServicesFileException error) {
            errors.add(error);
        }
    };

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
    }

    private static String services(String... names) {
        StringBuilder yaml = new StringBuilder("services:\n");
        for (String name : names) {
            yaml.append("  - name: ").append(name).append("\n    servers:\n      - url: http://10.0.0.7:8081\n");
        }
        return yaml.toString();
    }

    private Path write(String content) throws IOException {
        Path file = directory.resolve("services.yml");
        Path temporary = directory.resolve("services.yml.tmp");
        Files.writeString(temporary, content);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    @Test
    void deliversTheFileBeforeStartReturnsAndReloadsOnChange() throws Exception {
        Path file = write(services("web"));
        watcher = ServicesFileWatcher.start(file, false, listener, POLL, DEBOUNCE);

        assertThat(deliveries).containsExactly(List.of("web"));

        write(services("web", "api"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(deliveries).containsExactly(List.of("web"), List.of("web", "api")));
        assertThat(watcher.current()).extracting(StaticService::name).containsExactly("web", "api");
    }

    @Test
    void anInvalidEditIsReportedAndTheLastGoodServicesStay() throws Exception {
        Path file = write(services("web"));
        watcher = ServicesFileWatcher.start(file, false, listener, POLL, DEBOUNCE);

        write("services:\n  - name: web\n    servers:\n      - url: ftp://x\n");

        await().atMost(Duration.ofSeconds(10)).until(() -> !errors.isEmpty());
        assertThat(errors.get(0).getMessage())
                .startsWith(file.toAbsolutePath() + ":4: services[0].servers[0].url: \"ftp://x\"");
        assertThat(deliveries).containsExactly(List.of("web"));
        assertThat(watcher.current()).extracting(StaticService::name).containsExactly("web");

        write(services("fixed"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(deliveries).containsExactly(List.of("web"), List.of("fixed")));
    }

    @Test
    void aDeletedOptionalFileMeansNoServicesAndARecreatedOneIsRead() throws Exception {
        Path file = write(services("web"));
        watcher = ServicesFileWatcher.start(file, true, listener, POLL, DEBOUNCE);

        Files.delete(file);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(deliveries).containsExactly(List.of("web"), List.of()));
        assertThat(watcher.current()).isEmpty();

        write(services("back"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(deliveries).containsExactly(List.of("web"), List.of(), List.of("back")));
    }

    @Test
    void aDeletedRequiredFileIsReportedAndTheLastGoodServicesStay() throws Exception {
        Path file = write(services("web"));
        watcher = ServicesFileWatcher.start(file, false, listener, POLL, DEBOUNCE);

        Files.delete(file);

        await().atMost(Duration.ofSeconds(10)).until(() -> !errors.isEmpty());
        assertThat(errors.get(0).getMessage())
                .isEqualTo(file.toAbsolutePath() + ": no such file (expected: a YAML file of services)");
        assertThat(deliveries).containsExactly(List.of("web"));
        assertThat(watcher.current()).extracting(StaticService::name).containsExactly("web");
    }

    @Test
    void aMissingOptionalFileAtStartIsNoServices() throws Exception {
        watcher = ServicesFileWatcher.start(directory.resolve("absent.yml"), true, listener, POLL, DEBOUNCE);

        assertThat(deliveries).containsExactly(List.of());
        assertThat(errors).isEmpty();
    }

    @Test
    void anInvalidOptionalFileAtStartIsReportedWithNoServicesUntilFixed() throws Exception {
        Path file = write("services:\n  - name: web\n    servers:\n      - url: ftp://x\n");
        watcher = ServicesFileWatcher.start(file, true, listener, POLL, DEBOUNCE);

        assertThat(deliveries).isEmpty();
        assertThat(errors).extracting(ServicesFileException::line).containsExactly(4);
        assertThat(watcher.current()).isEmpty();

        write(services("web"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(deliveries).containsExactly(List.of("web")));
    }

    @Test
    void aRequiredFileMissingOrInvalidAtStartIsRefusedWithoutAnyDelivery() throws Exception {
        Path absent = directory.resolve("absent.yml");
        assertThatThrownBy(() -> ServicesFileWatcher.start(absent, false, listener, POLL, DEBOUNCE))
                .isInstanceOf(ServicesFileException.class)
                .hasMessage(absent.toAbsolutePath() + ": no such file (expected: a YAML file of services)");

        Path invalid = write("services:\n  - name: web\n    servers:\n      - url: http://a:1\n        weight: -1\n");
        assertThatThrownBy(() -> ServicesFileWatcher.start(invalid, false, listener, POLL, DEBOUNCE))
                .isInstanceOf(ServicesFileException.class)
                .hasMessage(invalid.toAbsolutePath() + ":5: services[0].servers[0].weight: -1 (expected: a weight >= 0; "
                        + "0 drains)");
        assertThat(deliveries).isEmpty();
        assertThat(errors).isEmpty();
    }

    @Test
    void aFileInAMissingDirectoryIsPolled() throws Exception {
        Path file = directory.resolve("later").resolve("services.yml");
        watcher = ServicesFileWatcher.start(file, true, listener, POLL, DEBOUNCE);

        Files.createDirectories(file.getParent());
        Files.writeString(file, services("polled"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(deliveries).containsExactly(List.of(), List.of("polled")));
    }
}
