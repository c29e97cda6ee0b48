package io.kvroute.proxy.upstream;

import com.google.common.hash.HashCode;
import io.kvroute.kv.model.FileOrContent;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The files of TLS to servers as one configuration build finds them: whether a {@link ServerTls} kept from a build
 * before still holds what its files held when it was read, each file read once however many transports name it.
 * Made per build, by one thread (the builder's).
 */
public final class FileDigests {
    private final Map<FileOrContent, Optional<HashCode>> taken = new HashMap<>();

    /**
     * Whether the files {@code tls} read still hold what was read (a certificate renewed in place, under the same
     * path, does not): a build keeps it then, else compiles its settings again, as the entry points' certificates
     * are read again on each configuration change.
     */
    public boolean stillAsRead(ServerTls tls) {
        return tls.filesUnchanged(file -> taken.computeIfAbsent(file, ServerTls::fileDigest));
    }
}
