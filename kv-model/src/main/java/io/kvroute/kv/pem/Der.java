package io.kvroute.kv.pem;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The little DER that key files need: splitting a {@code SEQUENCE} into its elements, and writing one element.
 * Definite lengths only (DER has no other); anything malformed is a {@link PemException}.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int SEQUENCE = 0x30;
    /** {@code [0]} constructed: SEC 1's curve parameters. */
    static final int CONTEXT_0 = 0xA0;

    /** One element: its tag and its whole encoding (tag, length and content). */
    record Element(int tag, byte[] encoded, int contentStart) {
        byte[] content() {
            return Arrays.copyOfRange(encoded, contentStart, encoded.length);
        }
    }

    private Der() {
    }

    /** The elements of the {@code SEQUENCE} that {@code der} is, exactly (no bytes after it). */
    static List<Element> sequence(byte[] der) throws PemException {
        Element outer = element(der, 0);
        if (outer.tag() != SEQUENCE || outer.encoded().length != der.length) {
            throw new PemException("not a DER SEQUENCE");
        }
        List<Element> elements = new ArrayList<>();
        byte[] content = outer.content();
        int at = 0;
        while (at < content.length) {
            Element next = element(content, at);
            elements.add(next);
            at += next.encoded().length;
        }
        return elements;
    }

    /** One element of {@code tag} holding {@code content}, encoded. */
    static byte[] encode(int tag, byte[]... contents) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : contents) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
                out.write(length >>> shift);
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    private static Element element(byte[] bytes, int start) throws PemException {
        if (bytes.length - start < 2) {
            throw new PemException("DER cut short");
        }
        int tag = bytes[start] & 0xFF;
        int first = bytes[start + 1] & 0xFF;
        int headerLength = 2;
        long length = first;
        if (first >= 0x80) {
            int lengthBytes = first & 0x7F;
            if (lengthBytes == 0 || lengthBytes > 4 || bytes.length - start < 2 + lengthBytes) {
                throw new PemException("DER length not definite or cut short");
            }
            length = 0;
            for (int i = 0; i < lengthBytes; i++) {
                length = (length << 8) | (bytes[start + 2 + i] & 0xFF);
            }
            headerLength += lengthBytes;
        }
        if (length > bytes.length - start - headerLength) {
            throw new PemException("DER cut short");
        }
        int end = start + headerLength + (int) length;
        return new Element(tag, Arrays.copyOfRange(bytes, start, end), headerLength);
    }
}
