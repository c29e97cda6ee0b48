package io.kvroute.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.proxy.acme.AcmeKeyType;
import io.kvroute.proxy.acme.AcmeResolverSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AcmeFlagsTest {
    @Test
    void traefiks_resolver_flags_are_read_case_insensitively_and_other_flags_are_left_in_order() {
        AcmeFlags.Parsed parsed = AcmeFlags.parse(List.of(
                "--entrypoints.web.address=:80",
                "--certificatesresolvers.le.acme.email=admin@example.com",
                "--certificatesResolvers.le.acme.caServer=https://ca.example.com/dir",
                "--certificatesresolvers.le.acme.httpchallenge.entrypoint=web",
                "--certificatesresolvers.le.acme.keyType", "ec256",
                "--certificatesresolvers.le.acme.preferredChain=ISRG Root X1",
                "--certificatesresolvers.le.acme.storage=/letsencrypt/acme.json",
                "--certificatesresolvers.le.acme.tlsChallenge",
                "--entrypoints.websecure.address=:443",
                "--acme.storage.keyFile=/etc/kvroute/acme.key",
                "--acme.storage.prefix=edge/acme/",
                "--acme.storage.lockTTL=30s"), Optional.of("/etc/ca/one.pem,/etc/ca/two.pem"));

        assertThat(parsed.rest()).containsExactly("--entrypoints.web.address=:80",
                "--entrypoints.websecure.address=:443");
        assertThat(parsed.resolvers()).containsExactly(new AcmeResolverSettings("le",
                Optional.of("admin@example.com"), URI.create("https://ca.example.com/dir"), Optional.of("web"), true,
                AcmeKeyType.EC256, Optional.of("ISRG Root X1"),
                List.of(Path.of("/etc/ca/one.pem"), Path.of("/etc/ca/two.pem"))));
        assertThat(parsed.storage().prefix()).isEqualTo("edge/acme/");
        assertThat(parsed.storage().keyFile()).contains(Path.of("/etc/kvroute/acme.key"));
        assertThat(parsed.storage().lockTtl()).isEqualTo(Duration.ofSeconds(30));
        parsed.check(Set.of("web", "websecure"), "traefik");
    }

    @Test
    void defaults_are_traefiks_and_kvroutes() {
        AcmeFlags.Parsed parsed = AcmeFlags.parse(List.of(
                "--certificatesresolvers.le.acme.httpChallenge.entryPoint=web", "--acme.storage.key-file=/k"),
                Optional.empty());

        AcmeResolverSettings resolver = parsed.resolvers().get(0);
        assertThat(resolver.caServer()).isEqualTo(AcmeResolverSettings.LETS_ENCRYPT);
        assertThat(resolver.keyType()).isEqualTo(AcmeKeyType.RSA4096);
        assertThat(resolver.caCertificates()).isEmpty();
        assertThat(parsed.storage().prefix()).isEqualTo("kvroute/acme/");
        assertThat(parsed.storage().keyFile()).contains(Path.of("/k"));
    }

    @Test
    void bad_flags_are_one_line_naming_the_flag_and_what_was_expected() {
        assertThatThrownBy(() -> parse("--certificatesresolvers.le.acme.keyType=EC521")).hasMessage(
                "--certificatesresolvers.le.acme.keyType=EC521: unknown key type (expected one of EC256, EC384, "
                        + "RSA2048, RSA4096, RSA8192)");
        assertThatThrownBy(() -> parse("--certificatesresolvers.le.acme.caServer=http://ca.example.com/dir"))
                .hasMessage("--certificatesresolvers.le.acme.caServer=http://ca.example.com/dir: expected an https URL "
                        + "of an ACME directory, e.g. https://acme-v02.api.letsencrypt.org/directory");
        assertThatThrownBy(() -> parse("--certificatesresolvers.le.acme.dnsChallenge.provider=route53"))
                .hasMessageStartingWith("unknown option '--certificatesresolvers.le.acme.dnsChallenge.provider' "
                        + "(the DNS challenge is not offered; expected .email, .caServer");
        assertThatThrownBy(() -> parse("--certificatesresolvers.le.acme.email")).hasMessage(
                "--certificatesresolvers.le.acme.email: missing value");
        assertThatThrownBy(() -> parse("--acme.storage.lockTTL=0s")).hasMessage(
                "--acme.storage.lockTTL=0s: expected at least 1s");
        assertThatThrownBy(() -> parse("--acme.storage.prefix=kvroute")).hasMessage(
                "--acme.storage.prefix=kvroute: expected a non-empty key prefix ending with /, e.g. kvroute/acme/");
        assertThatThrownBy(() -> parse("--acme.storage.secret=x")).hasMessage("unknown option "
                + "'--acme.storage.secret' (expected --acme.storage.prefix, --acme.storage.keyFile or "
                + "--acme.storage.lockTTL)");
    }

    @Test
    void the_challenge_entry_point_must_exist_and_the_prefix_stays_out_of_traefiks_keys() {
        AcmeFlags.Parsed unknownEntryPoint = parse("--certificatesresolvers.le.acme.httpChallenge.entryPoint=http");
        assertThatThrownBy(() -> unknownEntryPoint.check(Set.of("web"), "traefik")).hasMessage(
                "--certificatesresolvers.le.acme.httpChallenge.entryPoint=http: no such entry point (expected one of "
                        + "[web])");
        AcmeFlags.Parsed inside = parse("--acme.storage.prefix=traefik/acme/");
        assertThatThrownBy(() -> inside.check(Set.of("web"), "traefik")).hasMessage("--acme.storage.prefix="
                + "traefik/acme/: overlaps Traefik's keys under traefik/ (expected a prefix of kvroute's own, e.g. "
                + "kvroute/acme/)");
        AcmeFlags.Parsed around = parse("--acme.storage.prefix=/");
        assertThatThrownBy(() -> around.check(Set.of("web"), "traefik"))
                .hasMessageContaining("overlaps Traefik's keys");
    }

    private static AcmeFlags.Parsed parse(String... args) {
        return AcmeFlags.parse(List.of(args), Optional.empty());
    }
}
