package io.kvroute.proxy.routing;

import io.kvroute.kv.model.OpaqueService;
import io.kvroute.kv.model.RawSettings;
import io.kvroute.kv.model.RawValue;
import io.kvroute.proxy.balancer.FailoverErrors;
import io.kvroute.proxy.middleware.HttpCodeRanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The settings of the service kinds the model keeps opaque and kvroute serves, {@code mirroring}, {@code failover} and
 * {@code highestRandomWeight}, read from the decoder's typed values with Traefik's defaults ({@code mirrorBody} true,
 * {@code maxBodySize} -1: any size; failover's {@code errors/maxRequestBodyBytes} -1: any size; a child's
 * {@code weight} 1). A setting kvroute does not apply or a value of the wrong shape adds a reason naming it, and the
 * service is not served. Failover's {@code errors/status} are Traefik's status ranges ({@link HttpCodeRanges});
 * without any, {@code errors} changes nothing, as in Traefik.
 */
final class CompositeSettings {
    static final String MIRRORING = "mirroring";
    static final String FAILOVER = "failover";
    static final String HIGHEST_RANDOM_WEIGHT = "highestRandomWeight";
    private static final String HEALTH_CHECK = "healthCheck";
    private static final String ERRORS_MAX_BODY = "errors/maxRequestBodyBytes";

    /** One {@code mirrors/N} entry: the mirror service's name and its percentage. */
    record MirrorTarget(String name, long percent) {
    }

    record Mirroring(String service, List<MirrorTarget> mirrors, boolean mirrorBody, long maxBodySize,
            boolean healthCheck) {
    }

    record Failover(String service, String fallback, boolean healthCheck, Optional<FailoverErrors> errors) {
    }

    /** One {@code services/N} entry of a highest random weight service: the child's name and its weight. */
    record RendezvousTarget(String name, long weight) {
    }

    record HighestRandomWeight(List<RendezvousTarget> services, boolean healthCheck) {
    }

    private CompositeSettings() {
    }

    /** Whether kvroute serves services of this opaque kind. */
    static boolean isServed(OpaqueService service) {
        return service.type().equals(MIRRORING) || service.type().equals(FAILOVER)
                || service.type().equals(HIGHEST_RANDOM_WEIGHT);
    }

    /** Whether a service of this kind has the (empty) {@code healthCheck} that makes it report its health. */
    static boolean hasHealthCheck(RawSettings settings) {
        return settings.get(HEALTH_CHECK).filter(value -> value.kind() == RawValue.Kind.EMPTY_OBJECT).isPresent();
    }

    static Mirroring mirroring(OpaqueService service, List<String> reasons) {
        RawSettings settings = service.settings();
        String main = text(settings, "service", reasons).orElse("");
        boolean mirrorBody = bool(settings, "mirrorBody", reasons).orElse(true);
        long maxBodySize = number(settings, MIRRORING, "maxBodySize", reasons).orElse(-1L);
        Map<Integer, String> names = new TreeMap<>();
        Map<Integer, Long> percents = new TreeMap<>();
        for (String path : settings.values().keySet()) {
            String[] segments = path.split("/");
            if (segments.length == 3 && segments[0].equals("mirrors") && segments[1].matches("[0-9]{1,4}")) {
                int index = Integer.parseInt(segments[1]);
                if (segments[2].equals("name")) {
                    text(settings, path, reasons).ifPresent(name -> names.put(index, name));
                    continue;
                }
                if (segments[2].equals("percent")) {
                    number(settings, MIRRORING, path, reasons).ifPresent(percent -> percents.put(index, percent));
                    continue;
                }
            }
            if (!List.of("service", "mirrorBody", "maxBodySize", HEALTH_CHECK, "mirrors").contains(path)) {
                reasons.add(MIRRORING + " " + path + " is not applied by kvroute");
            }
        }
        List<MirrorTarget> mirrors = new ArrayList<>();
        for (Map.Entry<Integer, String> name : names.entrySet()) {
            long percent = percents.getOrDefault(name.getKey(), 0L);
            if (percent < 0 || percent > 100) {
                reasons.add(MIRRORING + " mirrors/" + name.getKey() + "/percent: " + percent + " (expected 0-100)");
            }
            mirrors.add(new MirrorTarget(name.getValue(), percent));
        }
        percents.keySet().stream().filter(index -> !names.containsKey(index)).forEach(index ->
                reasons.add(MIRRORING + " mirrors/" + index + " has a percent but no name"));
        if (main.isEmpty()) {
            reasons.add(MIRRORING + " service is not set (expected the name of the service that answers)");
        }
        return new Mirroring(main, mirrors, mirrorBody, maxBodySize, hasHealthCheck(settings));
    }

    static Failover failover(OpaqueService service, List<String> reasons) {
        RawSettings settings = service.settings();
        String main = text(settings, "service", reasons).orElse("");
        String fallback = text(settings, "fallback", reasons).orElse("");
        Map<Integer, String> statuses = new TreeMap<>();
        for (String path : settings.values().keySet()) {
            String[] segments = path.split("/");
            if (segments.length == 3 && segments[0].equals("errors") && segments[1].equals("status")
                    && segments[2].matches("[0-9]{1,4}")) {
                status(settings, path, reasons).ifPresent(status -> statuses.put(Integer.parseInt(segments[2]), status));
            } else if (!List.of("service", "fallback", HEALTH_CHECK, "errors", "errors/status", ERRORS_MAX_BODY)
                    .contains(path)) {
                reasons.add(FAILOVER + " " + path + " is not applied by kvroute");
            }
        }
        if (main.isEmpty() || fallback.isEmpty()) {
            reasons.add(FAILOVER + " service and fallback must both be set (expected two service names)");
        }
        long maxRequestBodyBytes = failoverNumber(settings, ERRORS_MAX_BODY, reasons).orElse(-1L);
        Optional<FailoverErrors> errors = statuses.isEmpty() ? Optional.empty()
                : HttpCodeRanges.parse(List.copyOf(statuses.values()))
                        .map(ranges -> new FailoverErrors(ranges, maxRequestBodyBytes));
        return new Failover(main, fallback, hasHealthCheck(settings), errors);
    }

    /** One entry of failover's {@code errors/status}, checked on its own so that a bad one is named with its key. */
    private static Optional<String> status(RawSettings settings, String path, List<String> reasons) {
        return settings.get(path).flatMap(value -> {
            boolean scalar = value.kind() == RawValue.Kind.STRING || value.kind() == RawValue.Kind.NUMBER;
            if (scalar && HttpCodeRanges.parse(List.of(value.text())).isPresent()) {
                return Optional.of(value.text());
            }
            reasons.add(FAILOVER + " " + path + ": " + value.text()
                    + " (expected a status code or a range of them, such as 503 or 500-599)");
            return Optional.empty();
        });
    }

    private static Optional<Long> failoverNumber(RawSettings settings, String path, List<String> reasons) {
        return settings.get(path).flatMap(value -> {
            try {
                if (value.kind() == RawValue.Kind.NUMBER) {
                    return Optional.of(Long.parseLong(value.text()));
                }
            } catch (NumberFormatException e) {
                // falls through to the reason below
            }
            reasons.add(FAILOVER + " " + path + ": " + value.text() + " (expected a whole number; -1: any size)");
            return Optional.empty();
        });
    }

    static HighestRandomWeight highestRandomWeight(OpaqueService service, List<String> reasons) {
        RawSettings settings = service.settings();
        Map<Integer, String> names = new TreeMap<>();
        Map<Integer, Long> weights = new TreeMap<>();
        for (String path : settings.values().keySet()) {
            String[] segments = path.split("/");
            if (segments.length == 3 && segments[0].equals("services") && segments[1].matches("[0-9]{1,4}")) {
                int index = Integer.parseInt(segments[1]);
                if (segments[2].equals("name")) {
                    text(settings, path, reasons).ifPresent(name -> names.put(index, name));
                    continue;
                }
                if (segments[2].equals("weight")) {
                    number(settings, HIGHEST_RANDOM_WEIGHT, path, reasons)
                            .ifPresent(weight -> weights.put(index, weight));
                    continue;
                }
            }
            if (!path.equals(HEALTH_CHECK)) {
                reasons.add(HIGHEST_RANDOM_WEIGHT + " " + path + " is not applied by kvroute");
            }
        }
        List<RendezvousTarget> services = new ArrayList<>();
        for (Map.Entry<Integer, String> name : names.entrySet()) {
            long weight = weights.getOrDefault(name.getKey(), 1L);
            if (weight < 0) {
                reasons.add(HIGHEST_RANDOM_WEIGHT + " services/" + name.getKey() + "/weight: " + weight
                        + " (expected: >= 0)");
            }
            services.add(new RendezvousTarget(name.getValue(), weight));
        }
        weights.keySet().stream().filter(index -> !names.containsKey(index)).forEach(index ->
                reasons.add(HIGHEST_RANDOM_WEIGHT + " services/" + index + " has a weight but no name"));
        if (names.isEmpty()) {
            reasons.add(HIGHEST_RANDOM_WEIGHT + " services is not set (expected services/0/name, ...)");
        }
        return new HighestRandomWeight(services, hasHealthCheck(settings));
    }

    private static Optional<String> text(RawSettings settings, String path, List<String> reasons) {
        return settings.get(path).flatMap(value -> {
            if (value.kind() != RawValue.Kind.STRING) {
                reasons.add(path + ": " + value.text() + " (expected a service name)");
                return Optional.empty();
            }
            return Optional.of(value.text());
        });
    }

    private static Optional<Boolean> bool(RawSettings settings, String path, List<String> reasons) {
        return settings.get(path).flatMap(value -> {
            if (value.kind() != RawValue.Kind.BOOLEAN) {
                reasons.add(MIRRORING + " " + path + ": " + value.text() + " (expected true or false)");
                return Optional.empty();
            }
            return Optional.of(Boolean.parseBoolean(value.text()));
        });
    }

    private static Optional<Long> number(RawSettings settings, String kind, String path, List<String> reasons) {
        return settings.get(path).flatMap(value -> {
            try {
                if (value.kind() == RawValue.Kind.NUMBER) {
                    return Optional.of(Long.parseLong(value.text()));
                }
            } catch (NumberFormatException e) {
                // falls through to the reason below
            }
            reasons.add(kind + " " + path + ": " + value.text() + " (expected a whole number)");
            return Optional.empty();
        });
    }
}
