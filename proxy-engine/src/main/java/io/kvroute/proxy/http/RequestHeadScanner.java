package io.kvroute.proxy.http;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.undertow.server.Connectors;
import java.nio.ByteBuffer;

/**
 * Follows one client connection's bytes as they arrive, request head after request head, to catch what Undertow's
 * parser reads leniently and leaves no trace of: a field line starting with SP or HTAB (obs-fold, which Undertow joins
 * to the line before) and a HTAB in a {@code Transfer-Encoding} value (which Undertow trims away). nginx refuses both;
 * so does this, failing closed (see {@link RequestHeadGuard}). A line not ending in CRLF and a field name that is no
 * token are refused too: Undertow would refuse them anyway, and this way the scan never guesses where a head ends.
 *
 * <p>To know where the next head starts, it skips each body as Undertow and {@link RequestFraming} frame it
 * ({@link BodyFraming}: chunked, or {@code Content-Length}). A head whose framing they refuse (both fields, one twice,
 * a coding other than {@code chunked}, a length that is no 1 to 18 digits) ends the scan after the head, as the
 * connection ends with that request. An HTTP/2 prior-knowledge preface and a switch of protocols end the scan for good:
 * what follows is no HTTP/1 request. Not thread-safe: one instance reads one connection on its IO thread; it allocates
 * nothing per request but the body framing of a request that has a body.
 */
final class RequestHeadScanner {
    /**
     * Where the scan is: in a head or in a body, or it stopped reading: every byte passes ({@code PASSING}), or none
     * does any more ({@code REFUSED}: a head was refused; {@code ENDED}: the connection ends with the last request).
     */
    enum Phase { HEAD, BODY, PASSING, REFUSED, ENDED }

    private static final byte[] PRIOR_KNOWLEDGE = "PRI * HTTP/2.0\r".getBytes(US_ASCII);
    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding".getBytes(US_ASCII);
    private static final byte[] CHUNKED = "chunked".getBytes(US_ASCII);
    private static final int MAX_LENGTH_DIGITS = 18;
    /**
     * Heads are read from a copy in a heap array, one per IO thread: the socket's buffers are direct, and reading them
     * octet by octet costs several times more.
     */
    private static final int HEAD_BYTES_AT_ONCE = 4096;
    private static final ThreadLocal<byte[]> HEAD_BYTES = ThreadLocal.withInitial(() -> new byte[HEAD_BYTES_AT_ONCE]);

    private enum Octets { REQUEST_LINE, REQUEST_LINE_LF, LINE_START, NAME, VALUE, LINE_LF, END_LF }

    /** Which framing field the value being read belongs to. */
    private enum Field { OTHER, CONTENT_LENGTH, TRANSFER_ENCODING }

    private Phase phase = Phase.HEAD;
    private Octets octets = Octets.REQUEST_LINE;
    private int lineLength;
    private boolean priorKnowledge;
    private boolean maybeLength;
    private boolean maybeEncoding;
    private Field field;
    /** Within a framing value: bytes of it matched ({@code chunked}) or digits read, -1 once it cannot be valid. */
    private int valueMatched;
    private boolean valueEnded;
    private long length;
    private int lengths;
    private int encodings;
    private boolean lengthValid;
    private boolean chunked;
    private BodyFraming body;
    private String problem;

    /**
     * Reads {@code buffer[from, to)} (absolute positions, the buffer untouched) and returns how far the bytes may go up
     * to Undertow: {@code to} while the scan goes on or passes; else where it stopped, with {@link #phase()} saying
     * why: {@code REFUSED} (the returned position's previous byte is the first offending one, {@link #problem()} says
     * what is wrong) or {@code ENDED} (a head with refused framing ended there, or a body's framing broke at the
     * previous byte).
     */
    int scan(ByteBuffer buffer, int from, int to) {
        int at = from;
        while (at < to) {
            switch (phase) {
                case HEAD -> {
                    int count = Math.min(to - at, HEAD_BYTES_AT_ONCE);
                    byte[] bytes = HEAD_BYTES.get();
                    buffer.get(at, bytes, 0, count);
                    int read = head(bytes, count);
                    at += read;
                    if (phase == Phase.REFUSED || phase == Phase.ENDED) {
                        return at;
                    }
                }
                case BODY -> {
                    at = body.scanToEnd(buffer, at, to);
                    if (body.complete()) {
                        startHead();
                    } else if (body.problem() != null) {
                        phase = Phase.ENDED;
                        return at + 1;
                    }
                }
                case PASSING -> {
                    return to;
                }
                case REFUSED, ENDED -> {
                    return at;
                }
            }
        }
        return to;
    }

    /**
     * Reads head octets from {@code bytes[0, count)} while the scan is in a head and returns how many it read (the
     * offending octet included when it stopped). The parts no rule looks into, the rest of a request line and the
     * values of fields other than the framing ones, are skipped to their line end at once.
     */
    private int head(byte[] bytes, int count) {
        int at = 0;
        while (at < count && phase == Phase.HEAD) {
            if (octets == Octets.VALUE && field == Field.OTHER
                    || octets == Octets.REQUEST_LINE && lineLength >= PRIOR_KNOWLEDGE.length) {
                int end = lineEnd(bytes, at, count);
                if (end > at && octets == Octets.REQUEST_LINE) {
                    lineLength += end - at;
                    priorKnowledge = false;
                }
                at = end;
                if (at == count) {
                    break;
                }
            }
            boolean goesOn = head(bytes[at] & 0xFF);
            at++;
            if (!goesOn) {
                break;
            }
        }
        return at;
    }

    /** The index of the first CR or LF in {@code bytes[from, to)}, or {@code to}. */
    private static int lineEnd(byte[] bytes, int from, int to) {
        int at = from;
        while (at < to && bytes[at] != '\r' && bytes[at] != '\n') {
            at++;
        }
        return at;
    }

    /** From now on every byte passes unread: the connection switched to another protocol (a {@code 101}). */
    void switchedProtocols() {
        phase = Phase.PASSING;
    }

    Phase phase() {
        return phase;
    }

    /** Why a head was refused, or null. */
    String problem() {
        return problem;
    }

    /** Reads one octet of a head; false if the scan stops at it. */
    private boolean head(int octet) {
        switch (octets) {
            case REQUEST_LINE -> {
                if (octet == '\r') {
                    octets = Octets.REQUEST_LINE_LF;
                } else if (octet == '\n') {
                    return refuse("a bare LF ending the request line");
                }
                priorKnowledge = lineLength < PRIOR_KNOWLEDGE.length && PRIOR_KNOWLEDGE[lineLength] == octet
                        && (lineLength == 0 || priorKnowledge);
                lineLength++;
            }
            case REQUEST_LINE_LF -> {
                if (octet != '\n') {
                    return refuse("a CR without LF in the request line");
                }
                if (priorKnowledge && lineLength == PRIOR_KNOWLEDGE.length) {
                    phase = Phase.PASSING;
                }
                octets = Octets.LINE_START;
            }
            case LINE_START -> {
                if (octet == '\r') {
                    octets = Octets.END_LF;
                } else if (octet == ' ' || octet == '\t') {
                    return refuse("a folded field line (obs-fold)");
                } else {
                    lineLength = 0;
                    maybeLength = true;
                    maybeEncoding = true;
                    return name(octet);
                }
            }
            case NAME -> {
                return name(octet);
            }
            case VALUE -> {
                return value(octet);
            }
            case LINE_LF -> {
                if (octet != '\n') {
                    return refuse("a CR without LF in a field line");
                }
                octets = Octets.LINE_START;
            }
            case END_LF -> {
                if (octet != '\n') {
                    return refuse("a CR without LF ending the head");
                }
                return headEnded();
            }
        }
        return true;
    }

    private boolean name(int octet) {
        if (octet == ':' && lineLength > 0) {
            field = maybeLength && lineLength == CONTENT_LENGTH.length ? Field.CONTENT_LENGTH
                    : maybeEncoding && lineLength == TRANSFER_ENCODING.length ? Field.TRANSFER_ENCODING : Field.OTHER;
            if (field == Field.CONTENT_LENGTH) {
                lengths++;
                length = 0;
            } else if (field == Field.TRANSFER_ENCODING) {
                encodings++;
            }
            valueMatched = 0;
            valueEnded = false;
            octets = Octets.VALUE;
            return true;
        }
        if (!Connectors.isValidTokenCharacter((byte) octet)) {
            return refuse("a field name with " + describe(octet));
        }
        int lower = octet | 0x20;
        maybeLength &= lineLength < CONTENT_LENGTH.length && CONTENT_LENGTH[lineLength] == lower;
        maybeEncoding &= lineLength < TRANSFER_ENCODING.length && TRANSFER_ENCODING[lineLength] == lower;
        lineLength++;
        octets = Octets.NAME;
        return true;
    }

    private boolean value(int octet) {
        if (octet == '\r') {
            fieldEnded();
            octets = Octets.LINE_LF;
            return true;
        }
        if (octet == '\n') {
            return refuse("a bare LF ending a field line");
        }
        switch (field) {
            case OTHER -> { }
            case TRANSFER_ENCODING -> {
                if (octet == '\t') {
                    return refuse("a HTAB in Transfer-Encoding");
                }
                valueOctet(octet == ' ', valueMatched >= 0 && valueMatched < CHUNKED.length
                        && (octet | 0x20) == CHUNKED[valueMatched]);
            }
            case CONTENT_LENGTH -> {
                boolean digit = octet >= '0' && octet <= '9';
                valueOctet(octet == ' ' || octet == '\t', digit && valueMatched < MAX_LENGTH_DIGITS);
                if (digit && valueMatched > 0) {
                    length = length * 10 + octet - '0';
                }
            }
        }
        return true;
    }

    /** One octet of a framing value: leading and trailing whitespace, or one more expected octet (else invalid). */
    private void valueOctet(boolean whitespace, boolean expected) {
        if (valueMatched < 0) {
            return;
        }
        if (whitespace) {
            valueEnded = valueMatched > 0;
        } else if (expected && !valueEnded) {
            valueMatched++;
        } else {
            valueMatched = -1;
        }
    }

    private void fieldEnded() {
        if (field == Field.CONTENT_LENGTH) {
            lengthValid = valueMatched > 0;
        } else if (field == Field.TRANSFER_ENCODING) {
            chunked = valueMatched == CHUNKED.length;
        }
    }

    /** The head ended: skip its body (if any) as it is framed, or end the scan if its framing is refused. */
    private boolean headEnded() {
        boolean framed = lengths + encodings <= 1 && (encodings == 0 || chunked) && (lengths == 0 || lengthValid);
        if (!framed) {
            phase = Phase.ENDED;
            return false;
        }
        if (encodings == 1) {
            body = BodyFraming.chunked();
            phase = Phase.BODY;
        } else if (lengths == 1 && length > 0) {
            body = BodyFraming.length(length);
            phase = Phase.BODY;
        } else {
            startHead();
        }
        return true;
    }

    private void startHead() {
        phase = Phase.HEAD;
        octets = Octets.REQUEST_LINE;
        lineLength = 0;
        priorKnowledge = false;
        lengths = 0;
        encodings = 0;
        lengthValid = false;
        chunked = false;
        body = null;
    }

    private boolean refuse(String what) {
        problem = "malformed request head: " + what;
        phase = Phase.REFUSED;
        return false;
    }

    private static String describe(int octet) {
        return octet > 0x20 && octet < 0x7F ? "'" + (char) octet + "'" : String.format("0x%02X", octet);
    }
}
