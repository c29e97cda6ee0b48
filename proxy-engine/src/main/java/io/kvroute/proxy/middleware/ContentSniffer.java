package io.kvroute.proxy.middleware;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.util.List;

/**
 * The Content-Type Traefik (Go's {@code net/http.DetectContentType}, the WHATWG MIME sniffing table) gives a response
 * body that has none: HTML, XML, PDF, PostScript, text with a BOM, images, audio, video, fonts, archives, WebAssembly,
 * plain text, else {@code application/octet-stream}. Only the first 512 bytes count. The same table and order as Go,
 * so a response gets the same Content-Type as through Traefik (the {@code contentType} middleware), and the compress
 * middleware's gzip encoding filters a type-less body by the same type as Traefik's.
 */
public final class ContentSniffer {
    /** How many leading bytes decide. */
    public static final int SNIFF_LENGTH = 512;

    private static final String OCTET_STREAM = "application/octet-stream";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    /** One row of the table: a type when it matches, else null. */
    private interface Signature {
        String match(byte[] data, int length, int firstNonWhitespace);
    }

    private static final List<Signature> SIGNATURES = List.of(
            html("<!DOCTYPE HTML"), html("<HTML"), html("<HEAD"), html("<SCRIPT"), html("<IFRAME"), html("<H1"),
            html("<DIV"), html("<FONT"), html("<TABLE"), html("<A"), html("<STYLE"), html("<TITLE"), html("<B"),
            html("<BODY"), html("<BR"), html("<P"), html("<!--"),
            masked("\u00FF\u00FF\u00FF\u00FF\u00FF", "<?xml", true, "text/xml; charset=utf-8"),
            exact("%PDF-", "application/pdf"),
            exact("%!PS-Adobe-", "application/postscript"),
            masked("\u00FF\u00FF\0\0", "\u00FE\u00FF\0\0", false, "text/plain; charset=utf-16be"),
            masked("\u00FF\u00FF\0\0", "\u00FF\u00FE\0\0", false, "text/plain; charset=utf-16le"),
            masked("\u00FF\u00FF\u00FF\0", "\u00EF\u00BB\u00BF\0", false, TEXT),
            exact("\0\0\u0001\0", "image/x-icon"),
            exact("\0\0\u0002\0", "image/x-icon"),
            exact("BM", "image/bmp"),
            exact("GIF87a", "image/gif"),
            exact("GIF89a", "image/gif"),
            masked("\u00FF\u00FF\u00FF\u00FF\0\0\0\0\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF", "RIFF\0\0\0\0WEBPVP", false,
                    "image/webp"),
            exact("\u0089PNG\r\n\u001A\n", "image/png"),
            exact("\u00FF\u00D8\u00FF", "image/jpeg"),
            masked("\u00FF\u00FF\u00FF\u00FF\0\0\0\0\u00FF\u00FF\u00FF\u00FF", "FORM\0\0\0\0AIFF", false,
                    "audio/aiff"),
            masked("\u00FF\u00FF\u00FF", "ID3", false, "audio/mpeg"),
            masked("\u00FF\u00FF\u00FF\u00FF\u00FF", "OggS\0", false, "application/ogg"),
            masked("\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF", "MThd\0\0\0\u0006", false, "audio/midi"),
            masked("\u00FF\u00FF\u00FF\u00FF\0\0\0\0\u00FF\u00FF\u00FF\u00FF", "RIFF\0\0\0\0AVI ", false,
                    "video/avi"),
            masked("\u00FF\u00FF\u00FF\u00FF\0\0\0\0\u00FF\u00FF\u00FF\u00FF", "RIFF\0\0\0\0WAVE", false,
                    "audio/wave"),
            ContentSniffer::mp4,
            exact("\u001A\u0045\u00DF\u00A3", "video/webm"),
            masked("\0".repeat(34) + "\u00FF\u00FF", "\0".repeat(34) + "LP", false,
                    "application/vnd.ms-fontobject"),
            exact("\0\u0001\0\0", "font/ttf"),
            exact("OTTO", "font/otf"),
            exact("ttcf", "font/collection"),
            exact("wOFF", "font/woff"),
            exact("wOF2", "font/woff2"),
            exact("\u001F\u008B\u0008", "application/x-gzip"),
            exact("PK\u0003\u0004", "application/zip"),
            exact("Rar!\u001A\u0007\0", "application/x-rar-compressed"),
            exact("Rar!\u001A\u0007\u0001\0", "application/x-rar-compressed"),
            exact("\0asm", "application/wasm"),
            ContentSniffer::text);

    private ContentSniffer() {
    }

    /** The Content-Type of a body starting with {@code data[0..length)}. */
    public static String detect(byte[] data, int length) {
        int considered = Math.min(length, SNIFF_LENGTH);
        int firstNonWhitespace = 0;
        while (firstNonWhitespace < considered && isWhitespace(data[firstNonWhitespace])) {
            firstNonWhitespace++;
        }
        for (Signature signature : SIGNATURES) {
            String type = signature.match(data, considered, firstNonWhitespace);
            if (type != null) {
                return type;
            }
        }
        return OCTET_STREAM;
    }

    private static boolean isWhitespace(byte b) {
        return b == '\t' || b == '\n' || b == 0x0C || b == '\r' || b == ' ';
    }

    private static Signature exact(String prefix, String type) {
        byte[] bytes = prefix.getBytes(ISO_8859_1);
        return (data, length, firstNonWhitespace) -> {
            if (length < bytes.length) {
                return null;
            }
            for (int i = 0; i < bytes.length; i++) {
                if (data[i] != bytes[i]) {
                    return null;
                }
            }
            return type;
        };
    }

    private static Signature masked(String mask, String pattern, boolean skipWhitespace, String type) {
        byte[] maskBytes = mask.getBytes(ISO_8859_1);
        byte[] patternBytes = pattern.getBytes(ISO_8859_1);
        return (data, length, firstNonWhitespace) -> {
            int start = skipWhitespace ? firstNonWhitespace : 0;
            if (length - start < patternBytes.length) {
                return null;
            }
            for (int i = 0; i < patternBytes.length; i++) {
                if ((data[start + i] & maskBytes[i]) != patternBytes[i]) {
                    return null;
                }
            }
            return type;
        };
    }

    /** An HTML tag, letters compared case-insensitively, followed by a space or {@code >}. */
    private static Signature html(String tag) {
        byte[] bytes = tag.getBytes(ISO_8859_1);
        return (data, length, firstNonWhitespace) -> {
            if (length - firstNonWhitespace < bytes.length + 1) {
                return null;
            }
            for (int i = 0; i < bytes.length; i++) {
                byte b = data[firstNonWhitespace + i];
                if (bytes[i] >= 'A' && bytes[i] <= 'Z') {
                    b &= (byte) 0xDF;
                }
                if (b != bytes[i]) {
                    return null;
                }
            }
            byte next = data[firstNonWhitespace + bytes.length];
            return next == ' ' || next == '>' ? HTML : null;
        };
    }

    /** An ISO base media file whose {@code ftyp} box names an {@code mp4} brand. */
    private static String mp4(byte[] data, int length, int firstNonWhitespace) {
        if (length < 12) {
            return null;
        }
        long boxSize = ((data[0] & 0xFFL) << 24) | ((data[1] & 0xFF) << 16) | ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
        if (length < boxSize || boxSize % 4 != 0) {
            return null;
        }
        if (data[4] != 'f' || data[5] != 't' || data[6] != 'y' || data[7] != 'p') {
            return null;
        }
        for (int start = 8; start < boxSize; start += 4) {
            if (start != 12 && data[start] == 'm' && data[start + 1] == 'p' && data[start + 2] == '4') {
                return "video/mp4";
            }
        }
        return null;
    }

    /** Text: no binary control byte after the leading whitespace. */
    private static String text(byte[] data, int length, int firstNonWhitespace) {
        for (int i = firstNonWhitespace; i < length; i++) {
            int b = data[i] & 0xFF;
            if (b <= 0x08 || b == 0x0B || (b >= 0x0E && b <= 0x1A) || (b >= 0x1C && b <= 0x1F)) {
                return null;
            }
        }
        return TEXT;
    }
}
