package io.kvroute.units;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The flags a {@code kvroute COMMAND --help} text documents. A flag written with an upper-case placeholder segment,
 * such as {@code --entrypoints.NAME.address}, documents every name in that place.
 *
 * @param command the command the help was asked for
 * @param text    the help output
 */
record HelpFlags(String command, String text) {
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[A-Za-z][A-Za-z0-9]*(?:[.-][A-Za-z0-9]+)*");
    private static final Pattern PLACEHOLDER = Pattern.compile("[A-Z][A-Z0-9]*");

    HelpFlags {
        requireNonNull(command, "command");
        requireNonNull(text, "text");
    }

    /**
     * Whether the text is this command's own help. picocli answers {@code kvroute missing --help} with the top
     * level help, so a command the jar lacks shows up here.
     */
    boolean isCommandHelp() {
        return text.startsWith("Usage: kvroute " + command + " ");
    }

    /** Whether {@code flag} ({@code --name}) is documented. */
    boolean documents(String flag) {
        return patterns().anyMatch(pattern -> pattern.matcher(flag).matches());
    }

    private Stream<Pattern> patterns() {
        return FLAG.matcher(text).results().map(MatchResult::group).distinct().map(HelpFlags::patternOf);
    }

    private static Pattern patternOf(String documented) {
        String regex = Stream.of(documented.substring(2).split("(?=[.-])|(?<=[.-])"))
                .map(part -> PLACEHOLDER.matcher(part).matches() ? "[a-z0-9][a-z0-9_-]*" : Pattern.quote(part))
                .collect(Collectors.joining("", "--", ""));
        return Pattern.compile(regex);
    }

    /** The flags among {@code flags} that the text does not document. */
    List<String> undocumented(Collection<String> flags) {
        return flags.stream().filter(flag -> !documents(flag)).toList();
    }
}
