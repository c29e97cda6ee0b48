package io.kvroute.proxy.middleware;

import io.kvroute.proxy.routing.GoRegex;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A middleware setting holding a Go regular expression, compiled when the chain is built. */
final class GoRegexSetting {
    private GoRegexSetting() {
    }

    /**
     * {@code regex}, the value (or an item) of setting {@code name}, compiled as a Go regular expression.
     *
     * @throws MiddlewareException naming the setting, the expression and why it does not compile
     */
    static Pattern compile(MiddlewareSettings settings, String name, String regex) {
        try {
            return GoRegex.compile(regex);
        } catch (PatternSyntaxException e) {
            throw settings.invalid(name, "a Go regular expression; \"" + regex + "\" does not compile: "
                    + e.getDescription() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""));
        }
    }
}
