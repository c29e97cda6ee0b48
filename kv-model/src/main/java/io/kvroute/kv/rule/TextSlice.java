package io.kvroute.kv.rule;

import java.util.ArrayList;
import java.util.List;

/** A slice of v1 rule text with the offset it starts at. */
record TextSlice(String text, int offset) {
    int end() {
        return offset + text.length();
    }

    /** This slice without leading and trailing whitespace, keeping the offset of its first kept character. */
    TextSlice trim() {
        int start = 0;
        int end = text.length();
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return new TextSlice(text.substring(start, end), offset + start);
    }

    /** The non-empty pieces of {@code text[from, to)} between {@code separator}s, like Go's strings.FieldsFunc. */
    static List<TextSlice> split(String text, int from, int to, char separator) {
        List<TextSlice> slices = new ArrayList<>();
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || text.charAt(i) == separator) {
                if (i > start) {
                    slices.add(new TextSlice(text.substring(start, i), start));
                }
                start = i + 1;
            }
        }
        return slices;
    }
}
