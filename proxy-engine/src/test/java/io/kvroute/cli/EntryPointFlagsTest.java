package io.kvroute.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.EncodedCharacter;
import io.kvroute.proxy.http.EntryPointOptions;
import io.kvroute.proxy.http.EntryPointRedirect;
import io.kvroute.proxy.http.UnderscoreHeaders;
import io.kvroute.proxy.routing.RouterTls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Traefik's entry point flags: addresses, and the per-entry-point path and header options. */
class EntryPointFlagsTest {
    @Test
    void withoutFlagsThereIsWebOnPort80WithTheSafeDefaults() {
        EntryPointFlags.EntryPoints entryPoints = EntryPointFlags.parse(List.of());

        assertThat(entryPoints.addresses()).containsExactly(java.util.Map.entry("web", new InetSocketAddress(80)));
        assertThat(entryPoints.options()).isEmpty();
    }

    @Test
    void readsEveryOptionInTraefiksSpellingCaseInsensitively() throws Exception {
        EntryPointFlags.EntryPoints entryPoints = EntryPointFlags.parse(List.of(
                "--entryPoints.web.address=127.0.0.1:8000",
                "--entrypoints.web.http.sanitizePath=false",
                "--entrypoints.web.http.encodedCharacters.allowEncodedSlash=true",
                "--entrypoints.web.http.encodedcharacters.allowencodedhash",
                "--entrypoints.web.http.underscoreHeadersStrategy=reject",
                "--entrypoints.web.forwardedHeaders.trustedIPs=10.0.0.0/8, 192.168.1.7",
                "--entrypoints.internal.address", "127.0.0.1:8001",
                "--entrypoints.internal.forwardedHeaders.insecure"));

        assertThat(entryPoints.addresses()).containsOnlyKeys("web", "internal");
        EntryPointOptions web = entryPoints.options().get("web");
        assertThat(web.path().sanitize()).isFalse();
        assertThat(web.path().allowed()).containsExactlyInAnyOrder(EncodedCharacter.SLASH, EncodedCharacter.HASH);
        assertThat(web.underscoreHeaders()).isEqualTo(UnderscoreHeaders.REJECT);
        assertThat(web.forwardedHeaders().insecure()).isFalse();
        assertThat(web.forwardedHeaders().trusts(InetAddress.getByName("10.1.2.3"))).isTrue();
        assertThat(web.forwardedHeaders().trusts(InetAddress.getByName("192.168.1.7"))).isTrue();
        assertThat(web.forwardedHeaders().trusts(InetAddress.getByName("192.168.1.8"))).isFalse();
        EntryPointOptions internal = entryPoints.options().get("internal");
        assertThat(internal.forwardedHeaders().insecure()).isTrue();
        assertThat(internal.path()).isEqualTo(EntryPointOptions.DEFAULT.path());
        assertThat(internal.underscoreHeaders()).isEqualTo(UnderscoreHeaders.DELETE);
    }

    @Test
    void badValuesAndUnknownSettingsNameTheFlagAndWhatWasExpected() {
        assertThatThrownBy(() -> EntryPointFlags.parse(List.of("--entrypoints.web.http.sanitizePath=maybe")))
                .hasMessage("--entrypoints.web.http.sanitizePath=maybe: expected true or false");
        assertThatThrownBy(() -> EntryPointFlags.parse(List.of("--entrypoints.web.http.underscoreHeadersStrategy=x")))
                .hasMessage("--entrypoints.web.http.underscoreHeadersStrategy=x: expected keep, delete or reject");
        assertThatThrownBy(() -> EntryPointFlags.parse(List.of("--entrypoints.web.forwardedHeaders.trustedIPs=10.0.0")))
                .hasMessage("--entrypoints.web.forwardedHeaders.trustedIPs: '10.0.0' (expected: an IPv4 or IPv6 "
                        + "address or CIDR range)");
        assertThatThrownBy(() -> EntryPointFlags.parse(List.of(
                "--entrypoints.web.http.encodedCharacters.allowEncodedTab=true")))
                .hasMessageStartingWith("unknown option '--entrypoints.web.http.encodedCharacters.allowEncodedTab' "
                        + "(expected http.encodedCharacters.allowEncodedSlash, allowEncodedBackSlash");
        assertThatThrownBy(() -> EntryPointFlags.parse(List.of("--entrypoints.web.http.tls.cipherSuites=x")))
                .hasMessageStartingWith("unknown option '--entrypoints.web.http.tls.cipherSuites' (expected one of "
                        + "the flags");
        assertThatThrownBy(() -> EntryPointFlags.parse(List.of("--entrypoints.web.address=:80",
                "--entrypoints.web.http.redirections.entryPoint.to=websecure")))
                .hasMessage("--entrypoints.web.http.redirections.entryPoint.to=websecure: no such entry point "
                        + "(expected one of [web], or a port such as :443)");
        assertThatThrownBy(() -> EntryPointFlags.parse(List.of("--entrypoints.web.address=:80",
                "--entrypoints.web.http.redirections.entryPoint.to=:70000")))
                .hasMessage("--entrypoints.web.http.redirections.entryPoint.to=:70000: no such entry point "
                        + "(expected one of [web], or a port such as :443)");
        assertThatThrownBy(() -> EntryPointFlags.parse(List.of("--entrypoints.web.http.tls.options=")))
                .hasMessage("--entrypoints.web.http.tls.options: missing value (expected the name of TLS options)");
    }

    @Test
    void tlsAndRedirectionFlagsAsTraefikNamesThem() {
        EntryPointFlags.EntryPoints entryPoints = EntryPointFlags.parse(List.of(
                "--entrypoints.web.address=:80", "--entrypoints.websecure.address=:443",
                "--entrypoints.websecure.http.tls=true", "--entrypoints.websecure.http.tls.certResolver=le",
                "--entrypoints.web.http.redirections.entryPoint.to=websecure",
                "--entrypoints.api.address=:8443", "--entrypoints.api.http.tls.options=modern",
                "--entrypoints.web.http.redirections.entryPoint.permanent=false"));
        assertThat(entryPoints.options().get("websecure").tls()).contains(RouterTls.of("", "le"));
        assertThat(entryPoints.options().get("api").tls()).contains(RouterTls.of("modern", ""));
        assertThat(entryPoints.options().get("web").tls()).isEmpty();
        assertThat(entryPoints.options().get("web").redirect())
                .contains(new EntryPointRedirect("websecure", "https", false));
    }

    @Test
    void theTargetOfAnHttpsRedirectionIsATlsEntryPointAsTraefikUsersConfigureIt() {
        EntryPointFlags.EntryPoints entryPoints = EntryPointFlags.parse(List.of(
                "--entrypoints.web.address=:80", "--entrypoints.websecure.address=:443",
                "--entrypoints.web.http.redirections.entrypoint.to=websecure"));
        assertThat(entryPoints.options().get("websecure").tls()).contains(RouterTls.of("", ""));
        assertThat(entryPoints.options().get("web").tls()).isEmpty();

        EntryPointFlags.EntryPoints plainTarget = EntryPointFlags.parse(List.of(
                "--entrypoints.web.address=:80", "--entrypoints.other.address=:8080",
                "--entrypoints.web.http.redirections.entrypoint.to=other",
                "--entrypoints.web.http.redirections.entrypoint.scheme=http"));
        assertThat(plainTarget.options().getOrDefault("other", EntryPointOptions.DEFAULT).tls()).isEmpty();
    }

    @Test
    void aRedirectionToAPortAsTraefikTakesItNamesNoEntryPoint() {
        EntryPointFlags.EntryPoints entryPoints = EntryPointFlags.parse(List.of(
                "--entrypoints.web.address=:80", "--entrypoints.websecure.address=:8443",
                "--entrypoints.websecure.http.tls=true", "--entrypoints.web.http.redirections.entryPoint.to=:443"));
        assertThat(entryPoints.options().get("web").redirect()).contains(new EntryPointRedirect(":443", "https", true));
        assertThat(entryPoints.options().get("web").redirect().orElseThrow().port()).contains(443);
        assertThat(new EntryPointRedirect("websecure", "https", true).port()).isEmpty();
    }

    @Test
    void anAddressEndingInUdpMakesAUdpEntryPointWithTraefiksDefaultTimeout() {
        EntryPointFlags.EntryPoints entryPoints = EntryPointFlags.parse(List.of(
                "--entrypoints.web.address=127.0.0.1:8000/tcp", "--entrypoints.dns.address=127.0.0.1:5353/UDP",
                "--entrypoints.game.address=:7777/udp", "--entrypoints.game.udp.timeout=10s",
                "--entrypoints.voip.address=:5060/udp", "--entrypoints.voip.udp.timeout=2"));

        assertThat(entryPoints.addresses()).containsOnlyKeys("web");
        assertThat(entryPoints.addresses().get("web")).isEqualTo(new java.net.InetSocketAddress("127.0.0.1", 8000));
        assertThat(entryPoints.udp()).containsOnlyKeys("dns", "game", "voip");
        assertThat(entryPoints.udp().get("dns").address().getPort()).isEqualTo(5353);
        assertThat(entryPoints.udp().get("dns").timeout()).isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(entryPoints.udp().get("game").timeout()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(entryPoints.udp().get("voip").timeout()).as("a bare number is seconds, as in Traefik")
                .isEqualTo(java.time.Duration.ofSeconds(2));
    }

    @Test
    void udpFlagsOnTheWrongEntryPointOrWithBadValuesNameTheFlag() {
        assertThatThrownBy(() -> EntryPointFlags.parse(List.of("--entrypoints.web.address=:80",
                "--entrypoints.web.udp.timeout=3s")))
                .hasMessage("--entrypoints.web.udp.timeout: web is not a UDP entry point (expected: "
                        + "--entrypoints.web.address=:PORT/udp)");
        assertThatThrownBy(() -> EntryPointFlags.parse(List.of("--entrypoints.dns.address=:53/udp",
                "--entrypoints.dns.udp.timeout=soon")))
                .hasMessageStartingWith("--entrypoints.dns.udp.timeout: ");
        assertThatThrownBy(() -> EntryPointFlags.parse(List.of("--entrypoints.dns.address=:53/udp",
                "--entrypoints.dns.http.tls=true")))
                .hasMessageStartingWith("--entrypoints.dns: HTTP or TLS options on a UDP entry point");
    }
}
