package io.kvroute.kv.pem;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The blocks of PEM text, as Go's {@code pem.Decode} finds them one after the other: a {@code -----BEGIN TYPE-----}
 * line (at the start of the text or of a line), optional {@code Name: value} header lines ended by a blank line,
 * base64 lines, and {@code -----END TYPE-----} of the same type. Text around and between blocks is ignored; a block
 * whose body is not base64 is skipped, as Go skips it.
 */
final class PemText {
    private static final Pattern BEGIN = Pattern.compile("(?m)^-----BEGIN ([^\\r\\n]*)-----[ \\t]*\\r?$");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private PemText() {
    }

    static List<PemBlock> blocks(String text) {
        List<PemBlock> blocks = new ArrayList<>();
        Matcher begin = BEGIN.matcher(text);
        int from = 0;
        while (from < text.length() && begin.find(from)) {
            String type = begin.group(1);
            int end = text.indexOf("\n-----END " + type + "-----", begin.end());
            if (end < 0) {
                from = begin.end();
                continue;
            }
            try {
                byte[] der = Base64.getDecoder().decode(WHITESPACE.matcher(withoutHeaders(
                        text.substring(begin.end(), end))).replaceAll(""));
                blocks.add(new PemBlock(type, der));
            } catch (IllegalArgumentException notBase64) {
                // Go's pem.Decode skips a block it cannot decode and goes on with the text after it.
            }
            from = end + 1;
        }
        return blocks;
    }

    /** The body without RFC 1421 header lines ({@code Proc-Type: 4,ENCRYPTED}): the leading lines holding ':'. */
    private static String withoutHeaders(String body) {
        List<String> lines = List.of(body.split("\n", -1));
        int first = 0;
        while (first < lines.size() && (lines.get(first).isBlank() || lines.get(first).contains(":"))) {
            first++;
        }
        return String.join("\n", lines.subList(first, lines.size()));
    }
}
