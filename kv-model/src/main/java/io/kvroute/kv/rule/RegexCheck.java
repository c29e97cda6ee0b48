package io.kvroute.kv.rule;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks that a rule argument compiles as a {@link java.util.regex.Pattern}. */
final class RegexCheck {
    private RegexCheck() {
    }

    /** Why {@code regex} does not compile, or empty if it does. */
    static Optional<String> problem(String regex) {
        try {
            Pattern.compile(regex);
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            String where = e.getIndex() >= 0 ? " near index " + e.getIndex() : "";
            return Optional.of(e.getDescription() + where);
        }
    }
}
