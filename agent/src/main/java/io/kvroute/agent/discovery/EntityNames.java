package io.kvroute.agent.discovery;

import java.util.ArrayList;
import java.util.List;

/** Traefik's {@code provider.Normalize}: the runs of letters and digits of a name, joined by {@code -}. */
final class EntityNames {
    private EntityNames() {
    }

    static String normalize(String name) {
        List<String> runs = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        name.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c)) {
                run.appendCodePoint(c);
            } else if (run.length() > 0) {
                runs.add(run.toString());
                run.setLength(0);
            }
        });
        if (run.length() > 0) {
            runs.add(run.toString());
        }
        return String.join("-", runs);
    }
}
