package io.kvroute.proxy.http;

import java.nio.ByteBuffer;

/**
 * The chunked body grammar of RFC 9112 section 7.1, strictly: a size of hexadecimal digits only (no sign, no
 * {@code 0x}, a value that fits a {@code long}), optional extensions after {@code ;}, CRLF (never a bare LF) after every
 * size line, chunk and trailer field, trailer fields as {@code name: value} lines without folding. Undertow's decoder
 * reads {@code -5} or {@code 0x5} as a last chunk and skips whatever precedes the LF after a chunk; this is what
 * catches those before it.
 */
final class ChunkedFraming implements BodyFraming {
    private static final long MAX_SIZE_BEFORE_DIGIT = Long.MAX_VALUE >> 4;
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private enum State {
        SIZE_FIRST, SIZE, SIZE_SPACE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF,
        TRAILER_START, TRAILER_NAME, TRAILER_VALUE, TRAILER_LF, END_LF, DONE, FAILED
    }

    private State state = State.SIZE_FIRST;
    private long size;
    private String problem;

    @Override
    public int scanToEnd(ByteBuffer buffer, int from, int to) {
        int at = from;
        while (at < to && state != State.DONE) {
            if (state == State.DATA) {
                int skipped = (int) Math.min(size, to - at);
                size -= skipped;
                at += skipped;
                if (size == 0) {
                    state = State.DATA_CR;
                }
                continue;
            }
            int octet = buffer.get(at) & 0xFF;
            state = next(octet);
            if (state == State.FAILED) {
                return at;
            }
            at++;
        }
        return at;
    }

    private State next(int octet) {
        return switch (state) {
            case SIZE_FIRST -> hex(octet) >= 0 ? sizeDigit(octet) : fail("a chunk size", octet);
            case SIZE -> switch (octet) {
                case ';' -> State.EXTENSION;
                case ' ', '\t' -> State.SIZE_SPACE;
                case '\r' -> State.SIZE_LF;
                default -> hex(octet) >= 0 ? sizeDigit(octet) : fail("a hexadecimal chunk size", octet);
            };
            case SIZE_SPACE -> octet == ';' ? State.EXTENSION
                    : octet == ' ' || octet == '\t' ? State.SIZE_SPACE : fail("';' after a chunk size", octet);
            case EXTENSION -> octet == '\r' ? State.SIZE_LF
                    : fieldOctet(octet) ? State.EXTENSION : fail("a chunk extension", octet);
            case SIZE_LF -> octet != '\n' ? fail("CRLF after a chunk size", octet)
                    : size == 0 ? State.TRAILER_START : State.DATA;
            case DATA_CR -> octet == '\r' ? State.DATA_LF : fail("CRLF after chunk data", octet);
            case DATA_LF -> octet == '\n' ? State.SIZE_FIRST : fail("CRLF after chunk data", octet);
            case TRAILER_START -> octet == '\r' ? State.END_LF
                    : token(octet) ? State.TRAILER_NAME : fail("a trailer field name", octet);
            case TRAILER_NAME -> octet == ':' ? State.TRAILER_VALUE
                    : token(octet) ? State.TRAILER_NAME : fail("a trailer field name", octet);
            case TRAILER_VALUE -> octet == '\r' ? State.TRAILER_LF
                    : fieldOctet(octet) ? State.TRAILER_VALUE : fail("a trailer field value", octet);
            case TRAILER_LF -> octet == '\n' ? State.TRAILER_START : fail("CRLF after a trailer field", octet);
            case END_LF -> octet == '\n' ? State.DONE : fail("CRLF at the end of the chunked body", octet);
            case DATA, DONE, FAILED -> throw new IllegalStateException("chunked framing: no octet is read in " + state);
        };
    }

    private State sizeDigit(int octet) {
        if (state == State.SIZE_FIRST) {
            size = 0;
        }
        if (size > MAX_SIZE_BEFORE_DIGIT) {
            problem = "malformed chunked body: chunk size too large";
            return State.FAILED;
        }
        size = size * 16 + hex(octet);
        return State.SIZE;
    }

    private State fail(String expected, int octet) {
        problem = "malformed chunked body: expected " + expected + ", got "
                + (octet > 0x20 && octet < 0x7F ? "'" + (char) octet + "'" : String.format("0x%02X", octet));
        return State.FAILED;
    }

    private static int hex(int octet) {
        if (octet >= '0' && octet <= '9') {
            return octet - '0';
        }
        int lower = octet | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    /** VCHAR, SP, HTAB or obs-text: what a field value or chunk extension may hold. */
    private static boolean fieldOctet(int octet) {
        return octet == ' ' || octet == '\t' || (octet > 0x20 && octet != 0x7F);
    }

    private static boolean token(int octet) {
        return (octet >= '0' && octet <= '9') || (octet >= 'a' && octet <= 'z') || (octet >= 'A' && octet <= 'Z')
                || (octet < 0x80 && TOKEN_SYMBOLS.indexOf(octet) >= 0);
    }

    @Override
    public boolean complete() {
        return state == State.DONE;
    }

    @Override
    public String problem() {
        return problem;
    }
}
