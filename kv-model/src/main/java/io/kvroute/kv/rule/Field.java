package io.kvroute.kv.rule;

import java.util.ArrayList;
import java.util.List;

/** A slice of v1 rule text with the offset it starts at. */
record Field(String text, int offset) {
    int end() {
        return offset + text.length();
    }

    /** This field without leading and trailing whitespace, keeping the offset of its first kept character. */
    Field trim() {
        int start = 0;
        int end = text.length();
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return new Field(text.substring(start, end), offset + start);
    }

    /** The non-empty pieces of {@code text[from, to)} between {@code separator}s, like Go's strings.FieldsFunc. */
    static List<Field> split(String text, int from, int to, char separator) {
        List<Field> fields = new ArrayList<>();
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || text.charAt(i) == separator) {
                if (i > start) {
                    fields.add(new Field(text.substring(start, i), start));
                }
                start = i + 1;
            }
        }
        return fields;
    }
}
