package io.kvroute.agent.discovery;

import java.util.ArrayList;
import java.util.List;

/** The errors and warnings found in one container's metadata, each a sentence starting with the container. */
final class Findings {
    private final String who;
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    Findings(Origin origin) {
        this.who = origin.toString();
    }

    /** {@code container web: label traefik.port="x" (expected: a port 1..65535)}. */
    void badLabel(String label, String value, String expected) {
        errors.add(who + ": label " + label + "=\"" + value + "\" (expected: " + expected + ")");
    }

    void badEnv(String variable, String value, String expected) {
        errors.add(who + ": env " + variable + "=\"" + value + "\" (expected: " + expected + ")");
    }

    void error(String text) {
        errors.add(who + ": " + text);
    }

    /** An error already worded with the container, e.g. an address refusal. */
    void raw(String text) {
        errors.add(text);
    }

    void warning(String text) {
        warnings.add(who + ": " + text);
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }
}
