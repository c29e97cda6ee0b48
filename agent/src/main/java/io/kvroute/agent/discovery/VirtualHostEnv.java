package io.kvroute.agent.discovery;

import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.rule.RuleFormatter;
import io.kvroute.kv.rule.RuleParser;
import io.kvroute.kv.rule.RuleSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * nginx-proxy's environment: {@code VIRTUAL_HOST} (comma list; {@code *.a.com} wildcards and {@code ~regex}
 * hosts), {@code VIRTUAL_PATH} (a path prefix, or {@code ~regex}), {@code VIRTUAL_PORT} and {@code VIRTUAL_PROTO}.
 * As in nginx-proxy, every container with the same hosts and path joins one service (named after them), so scaled
 * containers on several nodes share one router.
 */
final class VirtualHostEnv {
    static final String HOST = "VIRTUAL_HOST";
    static final String PATH = "VIRTUAL_PATH";
    static final String PORT = "VIRTUAL_PORT";
    static final String PROTO = "VIRTUAL_PROTO";

    private VirtualHostEnv() {
    }

    static boolean present(Map<String, String> env) {
        return !env.getOrDefault(HOST, "").isBlank();
    }

    static ContainerRoutes read(Map<String, String> env, RouteDefaults defaults, Findings findings) {
        if (defaults.kvroute().rule().isPresent()) {
            findings.warning("label kvroute.rule ignored: env " + HOST + " defines the rule");
        }
        String hostsText = env.get(HOST);
        List<String> hosts = new ArrayList<>();
        for (String host : hostsText.split(",")) {
            if (!host.isBlank()) {
                hosts.add(hostMatcher(host.trim()));
            }
        }
        String rule = String.join(" || ", hosts);
        Optional<String> path = Optional.ofNullable(env.get(PATH)).map(String::trim).filter(p -> !p.isEmpty());
        if (path.isPresent()) {
            String matcher = path.get().startsWith("~") ? "PathRegexp(" + quote(path.get().substring(1)) + ")"
                    : "PathPrefix(" + quote(path.get()) + ")";
            rule = "(" + rule + ") && " + matcher;
        }
        String canonical;
        try {
            canonical = RuleFormatter.toV3(RuleParser.parseV3(rule).expr());
        } catch (RuleSyntaxException e) {
            findings.badEnv(path.isPresent() ? HOST + "/" + PATH : HOST, path.map(p -> hostsText + " " + p)
                    .orElse(hostsText), "host names and a path starting with / (" + e.getMessage() + ")");
            canonical = rule;
        }
        String service = defaults.kvroute().name().orElse(EntityNames.normalize(hostsText + path.map(p -> "-" + p)
                .orElse("")));
        OptionalInt port = Optional.ofNullable(env.get(PORT)).map(value -> port(value, findings))
                .orElse(defaults.port());
        String scheme = Optional.ofNullable(env.get(PROTO)).map(String::trim).orElse("http");
        if (!scheme.equals("http") && !scheme.equals("https")) {
            findings.badEnv(PROTO, scheme, "http or https (other nginx-proxy protocols are not proxied)");
            scheme = "http";
        }
        Router router = Router.of(service, canonical, service);
        return ContainerRoutes.of(HttpConfig.of(List.of(router), List.of(LoadBalancerService.of(service, List.of())),
                List.of()), Map.of(service, new ServerSpec(port, scheme, defaults.weight())));
    }

    private static String hostMatcher(String host) {
        if (host.startsWith("~")) {
            return "HostRegexp(" + quote(host.substring(1)) + ")";
        }
        if (host.contains("*")) {
            return "HostRegexp(" + quote(wildcardRegex(host)) + ")";
        }
        return "Host(" + quote(host) + ")";
    }

    /** nginx's {@code *.a.com} / {@code www.a.*}: the star stands for one or more characters. */
    private static String wildcardRegex(String host) {
        StringBuilder regex = new StringBuilder("^");
        String[] parts = host.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".+");
            }
            regex.append(parts[i].replace(".", "\\."));
        }
        return regex.append('$').toString();
    }

    /** A Go string literal: backticks, or double quotes with escapes when the text holds a backtick. */
    private static String quote(String text) {
        if (!text.contains("`")) {
            return "`" + text + "`";
        }
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static OptionalInt port(String value, Findings findings) {
        String text = value.trim();
        if (text.matches("[0-9]{1,5}") && Integer.parseInt(text) >= 1 && Integer.parseInt(text) <= 65535) {
            return OptionalInt.of(Integer.parseInt(text));
        }
        findings.badEnv(PORT, value, "a port 1..65535");
        return OptionalInt.empty();
    }
}
