package io.kvroute.units;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The flags a {@code kvroute COMMAND --help} text documents, and how its lines are laid out. A flag written with an upper-case placeholder segment,
 * such as {@code --entrypoints.NAME.address}, documents every name in that place.
 *
 * @param command the command the help was asked for
 * @param text    the help output
 */
record HelpFlags(String command, String text) {
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[A-Za-z][A-Za-z0-9]*(?:[.-][A-Za-z0-9]+)*");
    private static final Pattern PLACEHOLDER = Pattern.compile("[A-Z][A-Z0-9]*");
    /** A line ending inside a flag: its name cut after a '.', or its value cut after '=', ':', ',', '|' or '['. */
    private static final Pattern CUT_FLAG_END = Pattern.compile("(?<![\\w-])--[A-Za-z][\\w.-]*(?:\\.|=|=\\S*[:,|\\[])$");
    /** A relative file path with an extension, not part of a URL or an absolute path. */
    private static final Pattern RELATIVE_PATH = Pattern.compile(
            "(?<![\\w/.:$-])(?:[\\w.-]+/)+[\\w.-]+\\.(?:yaml|yml|json|java|md|env|sh|service)(?![\\w/])");

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

    /**
     * The places where a line break cuts a flag: a line ending in {@code --etcd.} whose next line goes on in lower
     * case ({@code keepalive.time=...}), or in {@code --web.auth.basic=} / {@code =USER:} with the value going on
     * below. A sentence may end with a flag and a period; it is followed by an option row, a capital or nothing.
     */
    List<String> cutFlags() {
        List<String> lines = text.lines().toList();
        List<String> cuts = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            String line = lines.get(i).stripTrailing();
            String next = lines.get(i + 1).strip();
            if (CUT_FLAG_END.matcher(line).find() && !next.isEmpty()
                    && (line.endsWith(".") ? Character.isLowerCase(next.charAt(0)) : !next.startsWith("-"))) {
                cuts.add(line + " / " + next);
            }
        }
        return cuts;
    }

    /** The lines longer than {@code width} that hold more than one word: a break at a space would have fitted. */
    List<String> linesLongerThan(int width) {
        return text.lines().filter(line -> line.length() > width && line.strip().contains(" ")).toList();
    }

    /** The relative file paths the text names, such as {@code units/examples/hello.yaml}. */
    List<String> relativePaths() {
        return RELATIVE_PATH.matcher(text).results().map(MatchResult::group).distinct().toList();
    }

    /** The flags among {@code flags} that the text does not document. */
    List<String> undocumented(Collection<String> flags) {
        return flags.stream().filter(flag -> !documents(flag)).toList();
    }
}
