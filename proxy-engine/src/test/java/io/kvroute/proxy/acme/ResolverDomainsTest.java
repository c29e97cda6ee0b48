package io.kvroute.proxy.acme;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.RawSettings;
import io.kvroute.kv.model.Router;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResolverDomainsTest {
    private static Router router(String name, String rule, ObjectNode tls) {
        return Router.of(name, rule, "svc").withTls(Optional.of(RawSettings.fromJson(tls)));
    }

    private static ObjectNode tls(String resolver) {
        return JsonNodeFactory.instance.objectNode().put("certResolver", resolver);
    }

    private static CertificateDomains names(String... names) {
        return new CertificateDomains(List.of(names));
    }

    @Test
    void host_names_of_the_rule_make_one_certificate_main_first_and_negated_hosts_are_left_out() {
        HttpConfig config = HttpConfig.of(List.of(
                router("shop", "(Host(`Shop.Example.com`) || Host(`www.example.com`)) && !Host(`admin.example.com`)"
                        + " && PathPrefix(`/`)", tls("le")),
                router("same", "Host(`shop.example.com`) || Host(`www.example.com`)", tls("le")),
                router("plain", "Host(`plain.example.com`)", JsonNodeFactory.instance.objectNode()),
                Router.of("notls", "Host(`notls.example.com`)", "svc")), List.of(), List.of());

        ResolverDomains domains = ResolverDomains.of(config, Set.of("le"));

        assertThat(domains.of("le")).containsExactly(names("shop.example.com", "www.example.com"));
        assertThat(domains.problems()).isEmpty();
    }

    @Test
    void tls_domains_win_over_the_rule_one_certificate_each() {
        ObjectNode tls = tls("le");
        tls.putArray("domains").addObject().put("main", "example.com").putArray("sans").add("a.example.com")
                .add("b.example.com");
        tls.withArray("domains").addObject().put("main", "other.example.com");

        ResolverDomains domains = ResolverDomains.of(HttpConfig.of(List.of(
                router("r", "Host(`ignored.example.com`)", tls)), List.of(), List.of()), Set.of("le"));

        assertThat(domains.of("le")).containsExactlyInAnyOrder(
                names("example.com", "a.example.com", "b.example.com"), names("other.example.com"));
    }

    @Test
    void wildcards_bad_names_no_host_and_unknown_resolvers_are_problems_naming_the_router() {
        ObjectNode wildcard = tls("le");
        wildcard.putArray("domains").addObject().put("main", "*.example.com");
        HttpConfig config = HttpConfig.of(List.of(
                router("wild", "Host(`x.example.com`)", wildcard),
                router("bad", "Host(`bad_name.example.com`)", tls("le")),
                router("nohost", "PathPrefix(`/api`)", tls("le")),
                router("other", "Host(`other.example.com`)", tls("nope")),
                router("good", "Host(`good.example.com`)", tls("le"))), List.of(), List.of());

        ResolverDomains domains = ResolverDomains.of(config, Set.of("le"));

        assertThat(domains.of("le")).containsExactly(names("good.example.com"));
        assertThat(domains.problems()).containsExactlyInAnyOrder(
                "router wild: \"*.example.com\" is a wildcard (expected names HTTP-01 can prove; wildcards need the "
                        + "DNS challenge, which kvroute does not offer)",
                "router bad: \"bad_name.example.com\" is not a DNS name (expected letters, digits, - and . in labels "
                        + "of at most 63 characters)",
                "router nohost: tls.certResolver without tls.domains and without a Host matcher in its rule "
                        + "(expected Host(`name`) or tls.domains[0].main)",
                "router other: tls.certResolver \"nope\" is not configured (expected one of [le], from "
                        + "--certificatesresolvers.NAME.acme.*)");
    }

    @Test
    void a_certificate_covers_its_names_and_one_label_under_a_wildcard() {
        CertificateDomains domains = names("example.com", "*.apps.example.com");

        assertThat(domains.covers("EXAMPLE.com")).isTrue();
        assertThat(domains.covers("shop.apps.example.com")).isTrue();
        assertThat(domains.covers("a.shop.apps.example.com")).isFalse();
        assertThat(domains.covers("www.example.com")).isFalse();
        assertThat(domains.id()).isEqualTo("example.com,*.apps.example.com");
    }

    @Test
    void routers_with_errors_are_not_served_so_nothing_is_ordered_for_them() {
        HttpConfig config = HttpConfig.of(List.of(router("broken", "Host(`broken.example.com`)", tls("le")),
                router("fine", "Host(`fine.example.com`)", tls("le"))), List.of(), List.of());
        DecodedConfig decoded = new DecodedConfig(JsonNodeFactory.instance.objectNode(), config, List.of(
                Problem.error("traefik/http/routers/broken/service", "", "no such service", EntityRef.router("broken")),
                Problem.warning("traefik/http/routers/fine/priority", "0", "default", EntityRef.router("fine"))),
                Set.of(Layout.V3));

        assertThat(ResolverDomains.of(decoded, Set.of("le"), Map.of()).of("le"))
                .containsExactly(names("fine.example.com"));
    }

    @Test
    void a_router_without_tls_on_a_tls_entry_point_asks_that_entry_points_resolver() {
        HttpConfig config = HttpConfig.of(List.of(
                Router.of("everywhere", "Host(`all.example.com`)", "svc"),
                Router.of("secure", "Host(`secure.example.com`)", "svc").withEntryPoints(List.of("websecure")),
                Router.of("plain", "Host(`plain.example.com`)", "svc").withEntryPoints(List.of("web")),
                router("own", "Host(`own.example.com`)", JsonNodeFactory.instance.objectNode())),
                List.of(), List.of());

        ResolverDomains domains = ResolverDomains.of(config, Set.of("le"), Map.of("websecure", "le"));

        assertThat(domains.of("le")).containsExactlyInAnyOrder(names("all.example.com"), names("secure.example.com"));
        assertThat(domains.problems()).isEmpty();
    }
}
