package io.kvroute.agent.services;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.model.HealthCheck;
import io.kvroute.kv.rule.RuleParser;
import io.kvroute.kv.rule.RuleSyntaxException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the services file ({@code --services FILE}, format in CLI.md): strict YAML binding, then value checks
 * (name, rule, absolute http/https server URLs with a host, weights >= 0, health check path, durations and port).
 * The first problem is thrown as a {@link ServicesFileException} naming file, line, field and what was expected.
 */
public final class ServicesFile {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    private final String file;
    private final YamlLines lines;

    private ServicesFile(String file, YamlLines lines) {
        this.file = file;
        this.lines = lines;
    }

    /** Reads and checks {@code path}. */
    public static List<StaticService> read(Path path) throws ServicesFileException {
        requireNonNull(path, "path");
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw unreadable(path.toString(), e);
        }
        return parse(text, path.toString());
    }

    /** The error of a services file that does not exist. */
    static ServicesFileException missing(String file) {
        return new ServicesFileException(ServicesFileException.Kind.UNREADABLE, file, 0,
                "no such file (expected: a YAML file of services)");
    }

    /** The error of a services file that cannot be read: missing, permission denied, or what reading threw. */
    private static ServicesFileException unreadable(String file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return missing(file);
        }
        return new ServicesFileException(ServicesFileException.Kind.UNREADABLE, file, 0,
                e instanceof AccessDeniedException ? "permission denied (expected: a file this process may read)"
                        : "cannot read it: " + e + " (expected: a readable YAML file of services)");
    }

    /** Checks {@code text}, the content of {@code file} (used in messages). */
    public static List<StaticService> parse(String text, String file) throws ServicesFileException {
        requireNonNull(text, "text");
        requireNonNull(file, "file");
        ServicesYaml.Document document = ServicesYaml.bind(text, file);
        ServicesFile checker = new ServicesFile(file, YamlLines.of(text));
        List<StaticService> services = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<ServicesYaml.Service> entries = document.services() == null ? List.of() : document.services();
        for (int i = 0; i < entries.size(); i++) {
            StaticService service = checker.service(entries.get(i), "services/" + i);
            if (!names.add(service.name().toLowerCase(Locale.ROOT))) {
                throw checker.invalid("services/" + i + "/name", "\"" + service.name()
                        + "\" is used by an earlier entry (expected: unique service names)");
            }
            services.add(service);
        }
        return List.copyOf(services);
    }

    private StaticService service(ServicesYaml.Service entry, String path) throws ServicesFileException {
        if (entry == null) {
            throw invalid(path, "empty entry (expected: a service with name and servers)");
        }
        if (entry.name() == null || !NAME.matcher(entry.name()).matches()) {
            throw invalid(path + (entry.name() == null ? "" : "/name"), (entry.name() == null ? "name missing"
                    : "\"" + entry.name() + "\"") + " (expected: a name of letters, digits, '-' and '_')");
        }
        Optional<String> rule = Optional.ofNullable(entry.rule()).map(String::trim);
        if (rule.isPresent()) {
            try {
                RuleParser.parseAnySyntax(rule.get());
            } catch (RuleSyntaxException e) {
                throw invalid(path + "/rule", "\"" + rule.get() + "\": " + e.messageWithExpectation());
            }
        }
        List<String> entryPoints = entry.entryPoints() == null ? List.of() : entry.entryPoints();
        for (int i = 0; i < entryPoints.size(); i++) {
            String entryPoint = entryPoints.get(i);
            if (entryPoint == null || entryPoint.isBlank() || entryPoint.contains(",")) {
                throw invalid(path + "/entryPoints/" + i, "\"" + entryPoint + "\" (expected: an entry point name without ',')");
            }
        }
        if (entry.servers() == null || entry.servers().isEmpty()) {
            throw invalid(path, "service " + entry.name() + " has no servers (expected: servers: [{url: http://HOST:PORT}])");
        }
        List<StaticServer> servers = new ArrayList<>();
        Set<String> authorities = new HashSet<>();
        for (int i = 0; i < entry.servers().size(); i++) {
            StaticServer server = server(entry.servers().get(i), path + "/servers/" + i);
            if (!authorities.add(server.url().getHost().toLowerCase(Locale.ROOT) + ":" + server.port())) {
                throw invalid(path + "/servers/" + i + "/url", "\"" + server.url() + "\" repeats an earlier server's "
                        + "host and port (expected: one entry per server)");
            }
            servers.add(server);
        }
        Optional<HealthCheck> healthCheck = entry.healthCheck() == null ? Optional.empty()
                : Optional.of(healthCheck(entry.healthCheck(), path + "/healthCheck"));
        return new StaticService(entry.name(), rule, entryPoints,
                entry.priority() == null ? 0 : entry.priority(), Optional.ofNullable(entry.passHostHeader()),
                servers, healthCheck);
    }

    private StaticServer server(ServicesYaml.Server entry, String path) throws ServicesFileException {
        if (entry == null || entry.url() == null) {
            throw invalid(path, "url missing (expected: url: http://HOST:PORT)");
        }
        String expected = " (expected: an absolute http or https URL with a host, e.g. http://10.0.0.7:8081)";
        URI url;
        try {
            url = new URI(entry.url().trim());
        } catch (URISyntaxException e) {
            throw invalid(path + "/url", "\"" + entry.url() + "\": " + e.getReason() + expected);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme();
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null
                || url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw invalid(path + "/url", "\"" + entry.url() + "\"" + expected);
        }
        long weight = entry.weight() == null ? 1 : entry.weight();
        if (weight < 0) {
            throw invalid(path + "/weight", weight + " (expected: a weight >= 0; 0 drains)");
        }
        return new StaticServer(url, weight);
    }

    private HealthCheck healthCheck(ServicesYaml.HealthCheck entry, String path) throws ServicesFileException {
        if (entry.path() == null || !entry.path().startsWith("/")) {
            throw invalid(path + (entry.path() == null ? "" : "/path"), (entry.path() == null ? "path missing"
                    : "\"" + entry.path() + "\"") + " (expected: a path starting with /)");
        }
        if (entry.scheme() != null && !entry.scheme().equals("http") && !entry.scheme().equals("https")) {
            throw invalid(path + "/scheme", "\"" + entry.scheme() + "\" (expected: http or https)");
        }
        if (entry.port() != null && (entry.port() < 1 || entry.port() > 65535)) {
            throw invalid(path + "/port", entry.port() + " (expected: a port 1..65535)");
        }
        return new HealthCheck(Optional.ofNullable(entry.scheme()), Optional.empty(), Optional.of(entry.path()),
                Optional.empty(), OptionalInt.empty(),
                entry.port() == null ? OptionalInt.empty() : OptionalInt.of(entry.port()),
                duration(entry.interval(), path + "/interval"), duration(entry.timeout(), path + "/timeout"),
                Optional.empty(), Optional.ofNullable(entry.hostname()), Optional.empty(),
                ImmutableSortedMap.copyOf(entry.headers() == null ? Map.of() : new TreeMap<>(entry.headers())));
    }

    private Optional<Duration> duration(String text, String path) throws ServicesFileException {
        if (text == null) {
            return Optional.empty();
        }
        try {
            Duration duration = Duration.ofNanos(GoDuration.parseTraefik(text.trim()));
            if (duration.isZero() || duration.isNegative()) {
                throw new IllegalArgumentException("not positive");
            }
            return Optional.of(duration);
        } catch (IllegalArgumentException e) {
            throw invalid(path, "\"" + text + "\" (expected: a positive duration such as 5s, 500ms or 1m)");
        }
    }

    private ServicesFileException invalid(String path, String reason) {
        return new ServicesFileException(ServicesFileException.Kind.INVALID, file, lines.line(path),
                display(path) + ": " + reason);
    }

    /** {@code services/0/servers/1/url} as {@code services[0].servers[1].url}. */
    private static String display(String path) {
        return path.replaceAll("/([0-9]+)", "[$1]").replace('/', '.');
    }
}
