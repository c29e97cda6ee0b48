package io.kvroute.kv.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class EtcdExtensionTest {

    @Test
    void withoutEtcdOnCiTheTestsFail() {
        assertThatThrownBy(() -> new EtcdExtension("/nonexistent", true).locateEtcd("SomeTest"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("etcd not found on PATH; scripts/test installs Debian's etcd-server");
    }

    @Test
    void withoutEtcdElsewhereTheTestsAreSkipped() {
        assertThatThrownBy(() -> new EtcdExtension("/nonexistent", false).locateEtcd("SomeTest"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("etcd not found on PATH; scripts/test installs Debian's etcd-server");
    }

    @Test
    void etcdIsFoundInThePathDirectories(@TempDir Path bin) throws IOException {
        Path etcd = Files.createFile(bin.resolve("etcd"));
        assertThat(etcd.toFile().setExecutable(true)).isTrue();

        assertThat(new EtcdExtension("/nonexistent:" + bin, true).locateEtcd("SomeTest")).isEqualTo(etcd);
    }
}
