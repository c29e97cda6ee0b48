package io.kvroute.agent.discovery;

import io.kvroute.agent.docker.AddressSelector;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * kvroute's own labels: {@code kvroute.name} (service name), {@code kvroute.port} (container port),
 * {@code kvroute.address} (read by {@link AddressSelector}), {@code kvroute.weight} and {@code kvroute.rule}. They
 * fill in what the container's other metadata leaves open. Any other {@code kvroute.*} label is an error, so typos
 * do not pass silently.
 */
record KvrouteLabels(Optional<String> name, OptionalInt port, OptionalLong weight, Optional<String> rule) {
    static final String PREFIX = "kvroute.";

    /**
     * The labels. {@code kvroute.rule} is checked where a router takes it, in that router's syntax: a rule that does
     * not parse leaves that router out with a warning, as the same text in a router's rule label does.
     */
    static KvrouteLabels read(Map<String, String> labels, Findings findings) {
        Optional<String> name = Optional.empty();
        OptionalInt port = OptionalInt.empty();
        OptionalLong weight = OptionalLong.empty();
        Optional<String> rule = Optional.empty();
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!label.getKey().startsWith(PREFIX)) {
                continue;
            }
            String value = label.getValue();
            switch (label.getKey()) {
                case "kvroute.name" -> name = name(label.getKey(), value, findings);
                case "kvroute.port" -> port = LabelValues.port(label.getKey(), value, findings);
                case "kvroute.weight" -> weight = LabelValues.weight(label.getKey(), value, findings);
                case "kvroute.rule" -> rule = rule(label.getKey(), value, findings);
                case AddressSelector.ADDRESS_LABEL -> { }
                default -> findings.badLabel(label.getKey(), value,
                        "a known kvroute label: kvroute.name, kvroute.port, kvroute.address, kvroute.weight or kvroute.rule");
            }
        }
        return new KvrouteLabels(name, port, weight, rule);
    }

    private static Optional<String> rule(String label, String value, Findings findings) {
        if (value.isBlank()) {
            findings.badLabel(label, value, "a rule such as Host(`a.example.com`)");
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    private static Optional<String> name(String label, String value, Findings findings) {
        String name = value.trim();
        if (name.isEmpty() || !name.equals(EntityNames.normalize(name))) {
            findings.badLabel(label, value, "letters and digits joined by single '-', e.g. "
                    + (EntityNames.normalize(name).isEmpty() ? "web" : EntityNames.normalize(name)));
            return Optional.empty();
        }
        return Optional.of(name);
    }
}
