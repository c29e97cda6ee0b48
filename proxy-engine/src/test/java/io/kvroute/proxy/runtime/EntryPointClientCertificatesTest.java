package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.TlsConfig;
import io.kvroute.proxy.routing.RouterTls;
import io.kvroute.proxy.upstream.ServerTls;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The TLS a TLS entry point gives Traefik 1.7 {@code passTLSCert} requests to servers is admitted for connection
 * pools before the entry point gives it: a request routed by the snapshot before the change asks for a pool of it as
 * soon as it is given, and would get none (503) were it not admitted yet.
 */
class EntryPointClientCertificatesTest {
    @Test
    void theTlsMadeIsAdmittedBeforeTheEntryPointGivesIt() {
        EntryPointClientCertificates certificates = new EntryPointClientCertificates(
                Map.of("websecure", RouterTls.of("", "")), "etcd", Clock.systemUTC());
        AtomicReference<Optional<ServerTls>> givenWhenAdmitted = new AtomicReference<>();
        AtomicReference<Set<ServerTls>> admitted = new AtomicReference<>();

        certificates.update(TlsConfig.empty(), List.of(), tls -> {
            admitted.set(tls);
            givenWhenAdmitted.set(certificates.of("websecure"));
        });

        assertThat(givenWhenAdmitted.get()).as("given when admitted").isEmpty();
        ServerTls given = certificates.of("websecure").orElseThrow();
        assertThat(admitted.get()).containsExactly(given);
    }
}
