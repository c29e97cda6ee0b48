package io.kvroute.units;

import java.util.List;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/** {@code --flag} and {@code --flag=value} words: finding the flag names and values among command-line words. */
final class Flags {
    private static final Pattern FLAG_IN_TEXT = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*");

    private Flags() {
    }

    /** The flag names ({@code --name}, without {@code =value}) among {@code words}, in order. */
    static List<String> in(List<String> words) {
        return words.stream().filter(word -> word.startsWith("--") && word.length() > 2)
                .map(word -> word.contains("=") ? word.substring(0, word.indexOf('=')) : word).toList();
    }

    /** The flag names written anywhere in prose {@code text}, such as {@code `kvroute agent --help`}. */
    static List<String> namedIn(String text) {
        return FLAG_IN_TEXT.matcher(text).results().map(MatchResult::group).toList();
    }

    /** The value of {@code --flag=value} among {@code words}. */
    static Optional<String> valueIn(List<String> words, String flag) {
        return words.stream().filter(word -> word.startsWith(flag + "="))
                .map(word -> word.substring(flag.length() + 1)).findFirst();
    }
}
