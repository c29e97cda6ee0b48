package io.kvroute.proxy.middleware;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cases of Go's own sniff_test.go: the same bytes, the same type. */
class ContentSnifferTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty || text/plain; charset=utf-8",
        "HTML document #1 | <HtMl><bOdY>blah blah blah</body></html> | text/html; charset=utf-8",
        "HTML document #2 | <HTML></HTML> | text/html; charset=utf-8",
        "HTML document #3 (leading whitespace) | '   <!DOCTYPE HTML>...' | text/html; charset=utf-8",
        "HTML document #4 (leading CRLF) | '\r\n<html>...' | text/html; charset=utf-8",
        "plain text | This is not HTML. It has ☃ though. | text/plain; charset=utf-8",
        "XML | '\n<?xml!' | text/xml; charset=utf-8",
        "GIF 87a | GIF87a | image/gif",
        "GIF 89a | GIF89a... | image/gif",
        "PDF | %PDF-1.4 | application/pdf",
        "zip | PK\u0003\u0004rest | application/zip",
        "woff2 | wOF2rest | font/woff2",
        "tag without terminator | <htmlx | text/plain; charset=utf-8",
        "UTF-8 BOM | \u00EF\u00BB\u00BFhello | text/plain; charset=utf-8",
    })
    void detectsAsGo(String name, String data, String expected) {
        byte[] bytes = data == null ? new byte[0] : data.getBytes(name.equals("plain text")
                ? UTF_8 : ISO_8859_1);

        assertThat(ContentSniffer.detect(bytes, bytes.length)).isEqualTo(expected);
    }

    @Test
    void detectsBinaryData() {
        assertThat(ContentSniffer.detect(new byte[] {1, 2, 3}, 3)).isEqualTo("application/octet-stream");
        assertThat(ContentSniffer.detect(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0}, 8)).isEqualTo("application/wasm");
        assertThat(ContentSniffer.detect(new byte[] {0, 0, 1, 0}, 4)).isEqualTo("image/x-icon");
    }

    @Test
    void looksAtTheFirst512BytesOnly() {
        byte[] bytes = new byte[600];
        Arrays.fill(bytes, (byte) 'a');
        bytes[550] = 1;

        assertThat(ContentSniffer.detect(bytes, bytes.length)).isEqualTo("text/plain; charset=utf-8");
    }
}
