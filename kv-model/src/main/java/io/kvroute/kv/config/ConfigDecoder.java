package io.kvroute.kv.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.layout.DecodedTree;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.layout.LayoutDecodes;
import io.kvroute.kv.layout.LayoutDetector;
import io.kvroute.kv.layout.TraefikKvDecoder;
import io.kvroute.kv.layout.V1KvDecoder;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.layout.keys.KvRoot;
import io.kvroute.kv.layout.keys.V1Keys;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.MappedConfig;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.TlsChecks;
import io.kvroute.kv.model.TcpConfig;
import io.kvroute.kv.model.TlsConfig;
import io.kvroute.kv.model.UdpConfig;
import io.kvroute.kv.model.TraefikJsonMapper;
import io.kvroute.kv.model.V1JsonMapper;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.store.KvPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pairs to configuration in one call: layout codecs (Traefik's decoding rules, per-entity isolation), then the
 * typed model with its semantic checks, the {@code tls} section loaded and checked ({@link TlsChecks}), then rule
 * parsing. Never throws on bad keys or values; they all become
 * {@link Problem}s with their full key.
 */
public final class ConfigDecoder {
    private ConfigDecoder() {
    }

    /**
     * Decodes the pairs under {@code prefix} ({@code traefik}; v1 keys are also found under {@code /traefik}),
     * checking TLS certificates against the current time.
     *
     * @throws IllegalArgumentException when the prefix itself is unusable (empty or only slashes)
     */
    public static DecodedConfig decode(List<KvPair> pairs, String prefix, LayoutChoice choice) {
        return decode(pairs, prefix, choice, Instant.now());
    }

    /**
     * Decodes the pairs under {@code prefix} (routers without {@code ruleSyntax}: v2 rules for {@link LayoutChoice#V2},
     * else v3); a TLS certificate whose validity does not include {@code now} is
     * reported (an expired one is an error). TLS files named by path are read from this host.
     *
     * @throws IllegalArgumentException when the prefix itself is unusable (empty or only slashes)
     */
    public static DecodedConfig decode(List<KvPair> pairs, String prefix, LayoutChoice choice, Instant now) {
        return decode(pairs, prefix, choice, choice == LayoutChoice.V2 ? RuleSyntax.V2 : RuleSyntax.V3, now);
    }

    /**
     * Decodes the pairs under {@code prefix}; routers without {@code ruleSyntax} have rules in
     * {@code defaultRuleSyntax} (Traefik v3's {@code core.defaultRuleSyntax}: {@link RuleSyntax#V2} for a store
     * written for Traefik v2, as {@link LayoutChoice#V2} picks). A TLS certificate whose validity does not include
     * {@code now} is reported.
     *
     * @throws IllegalArgumentException when the prefix itself is unusable (empty or only slashes)
     */
    public static DecodedConfig decode(List<KvPair> pairs, String prefix, LayoutChoice choice,
            RuleSyntax defaultRuleSyntax, Instant now) {
        requireNonNull(pairs, "pairs");
        requireNonNull(defaultRuleSyntax, "defaultRuleSyntax");
        requireNonNull(now, "now");
        requireNonNull(prefix, "prefix");
        LayoutDecodes decodes = switch (requireNonNull(choice, "choice")) {
            case AUTO -> LayoutDetector.decodeAll(pairs, prefix);
            case V1 -> new LayoutDecodes(Optional.of(V1KvDecoder.decode(pairs, prefix)), Optional.empty());
            case V2, V3 -> new LayoutDecodes(Optional.empty(), Optional.of(TraefikKvDecoder.decode(pairs, prefix)));
        };
        DynamicKeys dynamicKeys = DynamicKeys.under(prefix);
        V1Keys v1Keys = new V1Keys(KvRoot.v1Root(pairs, prefix));
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        List<Problem> problems = new ArrayList<>();
        Set<Layout> layouts = EnumSet.noneOf(Layout.class);
        HttpConfig model = HttpConfig.empty();
        TlsConfig tls = TlsConfig.empty();
        TcpConfig tcp = TcpConfig.empty();
        UdpConfig udp = UdpConfig.empty();
        if (decodes.dynamic().isPresent()) {
            DecodedTree tree = decodes.dynamic().get();
            layouts.add(Layout.V3);
            json.setAll(tree.config());
            problems.addAll(tree.problems());
            MappedConfig mapped = TraefikJsonMapper.fromJson(tree.config(), defaultRuleSyntax);
            problems.addAll(RootedProblems.underRoot(mapped.problems(), dynamicKeys.root()));
            model = ServerKeyIds.apply(mapped.config(), pairs, dynamicKeys);
            TlsChecks.Checked checked = TlsChecks.check(
                    TlsCertificateIds.apply(mapped.tls(), pairs, dynamicKeys, tree.problems()), now);
            problems.addAll(RootedProblems.underRoot(checked.problems(), dynamicKeys.root()));
            tls = checked.tls();
            tcp = mapped.tcp();
            udp = mapped.udp();
        }
        if (decodes.v1().isPresent()) {
            DecodedTree tree = decodes.v1().get();
            layouts.add(Layout.V1);
            json.setAll(tree.config());
            problems.addAll(tree.problems());
            MappedConfig mapped = V1JsonMapper.fromJson(tree.config());
            List<Problem> v1Problems = new ArrayList<>(mapped.problems());
            model = ModelMerge.merge(model, mapped.config(), v1Problems);
            problems.addAll(RootedProblems.underRoot(v1Problems, v1Keys.root()));
        }
        problems.addAll(RuleCheck.check(model, dynamicKeys, v1Keys));
        return new DecodedConfig(json, model, tls, tcp, udp, problems, layouts);
    }
}
