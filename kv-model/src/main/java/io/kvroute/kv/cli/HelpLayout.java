package io.kvroute.kv.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How every kvroute command lays out its {@code --help}: picocli renders each section without a width limit, then
 * each line longer than {@link #WIDTH} columns is wrapped at spaces only. picocli's own wrapping breaks a line
 * wherever Java's line {@link java.text.BreakIterator} allows, which includes inside flag names
 * ({@code --etcd.} / {@code keepalive.time}), URLs ({@code tcp:} / {@code //}) and rules; people copy flags out
 * of a help text, so a word is never split: one longer than a line stands alone on its line.
 *
 * <p>A wrapped line continues under its text: a row with two columns (an option and its description, a command and
 * its summary, an example and its explanation) continues two columns right of where its second column starts, as
 * picocli indents; a usage line under its first argument; other indented text two columns right of its indent;
 * text at the margin at the margin.
 */
public final class HelpLayout {
    /** The width help is wrapped to: the classic terminal's 80 columns, the same in every terminal and pipe. */
    public static final int WIDTH = 80;
    /** The width picocli renders at: wide enough that it never wraps a line itself. */
    private static final int UNWRAPPED = 10_000;
    /** Where a two-column row's second column may start at most; further right it is prose. */
    private static final int MAX_SECOND_COLUMN = WIDTH / 2;
    /** An option row: its names ({@code -h, --help}), then its description after at least one space. */
    private static final Pattern OPTION_ROW = Pattern.compile("^ *-\\S*(?: -\\S*)*( +)(?=[^ -])");
    /** Two columns: text, at least two spaces, text. */
    private static final Pattern COLUMN_GAP = Pattern.compile("\\S( {2,})(?=\\S)");

    private HelpLayout() {
    }

    /** Applies the layout to {@code root} and every command under it, and returns {@code root}. */
    public static CommandLine apply(CommandLine root) {
        root.setUsageHelpAutoWidth(false);
        root.setUsageHelpWidth(UNWRAPPED);
        Set<CommandLine> done = Collections.newSetFromMap(new IdentityHashMap<>());
        List<CommandLine> pending = new ArrayList<>(List.of(root));
        while (!pending.isEmpty()) {
            CommandLine command = pending.remove(pending.size() - 1);
            if (done.add(command)) {
                wrapSections(command);
                pending.addAll(command.getSubcommands().values());
            }
        }
        return root;
    }

    private static void wrapSections(CommandLine command) {
        Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>(command.getHelpSectionMap());
        sections.replaceAll((key, renderer) -> key.equals(UsageMessageSpec.SECTION_KEY_SYNOPSIS)
                ? help -> wrapSynopsis(help.synopsisHeadingLength(), renderer.render(help), WIDTH)
                : help -> wrap(renderer.render(help), WIDTH));
        command.setHelpSectionMap(sections);
    }

    /** {@code text} with every line longer than {@code width} wrapped at spaces (see the class comment). */
    static String wrap(String text, int width) {
        return wrapLines(text, width, -1);
    }

    /**
     * A synopsis printed after a heading of {@code headingLength} columns ({@code Usage: }), wrapped so that its
     * first line fits beside the heading and continues under its first argument.
     */
    static String wrapSynopsis(int headingLength, String synopsis, int width) {
        String line = " ".repeat(headingLength) + synopsis;
        int firstArgument = line.indexOf(" [", headingLength);
        int hang = firstArgument > 0 && firstArgument < MAX_SECOND_COLUMN ? firstArgument + 1 : headingLength;
        return wrapLines(line, width, hang).substring(headingLength);
    }

    /** Wraps each line of {@code text}; the first continues at {@code firstHang} unless negative. */
    private static String wrapLines(String text, int width, int firstHang) {
        String separator = System.lineSeparator();
        String[] lines = text.split(Pattern.quote(separator), -1);
        StringBuilder wrapped = new StringBuilder(text.length() + text.length() / 8);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                wrapped.append(separator);
            }
            int hang = i == 0 && firstHang >= 0 ? firstHang : hangingIndent(lines[i]);
            wrapped.append(String.join(separator, wrapLine(lines[i], width, hang)));
        }
        return wrapped.toString();
    }

    private static List<String> wrapLine(String line, int width, int hang) {
        List<String> rows = new ArrayList<>();
        String indent = " ".repeat(Math.min(hang, width / 2));
        String rest = line;
        while (rest.length() > width) {
            int textStart = leadingSpaces(rest);
            int space = rest.lastIndexOf(' ', width);
            if (space <= textStart || rest.substring(textStart, space).isBlank()) {
                space = rest.indexOf(' ', Math.max(width, textStart));
                if (space < 0) {
                    break;
                }
            }
            rows.add(rest.substring(0, space).stripTrailing());
            String remainder = rest.substring(space).strip();
            if (remainder.isEmpty()) {
                return rows;
            }
            rest = indent + remainder;
        }
        rows.add(rest);
        return rows;
    }

    private static int hangingIndent(String line) {
        Matcher option = OPTION_ROW.matcher(line);
        if (option.find() && option.end(1) <= MAX_SECOND_COLUMN) {
            return option.end(1) + 2;
        }
        int leading = leadingSpaces(line);
        Matcher gap = COLUMN_GAP.matcher(line);
        if (gap.find(leading) && gap.end(1) <= MAX_SECOND_COLUMN) {
            return gap.end(1) + 2;
        }
        return leading == 0 ? 0 : leading + 2;
    }

    private static int leadingSpaces(String line) {
        int count = 0;
        while (count < line.length() && line.charAt(count) == ' ') {
            count++;
        }
        return count;
    }
}
