package io.kvroute.proxy.tls;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the server name (SNI, RFC 6066 section 3) and the ALPN protocols offered (RFC 7301) from the start of a TLS
 * connection, before any engine exists, so the engine can be created with the options of that name, or a TLS-ALPN-01
 * validation (RFC 8737) told apart: the ClientHello (RFC 8446 section 4.1.2, the same layout
 * back to TLS 1.0) is reassembled from the handshake records it spans, then its extensions are walked. Reads
 * nothing but what it is given and never consumes it; the bytes go to the engine afterwards (or, for a TCP router
 * that passes TLS through, to its server as they are).
 */
public final class ClientHelloNames {
    /** The largest ClientHello read: far above any real one (a post-quantum key share makes about 1.8 KiB). */
    public static final int MAX_BYTES = 32 * 1024;
    private static final int RECORD_HEADER = 5;
    private static final int HANDSHAKE = 0x16;
    private static final int CLIENT_HELLO = 1;
    private static final int SERVER_NAME = 0;
    private static final int HOST_NAME = 0;
    private static final int ALPN = 16;

    /** What the bytes so far say. */
    public sealed interface Outcome permits NeedMore, Hello, NotHello {
    }

    /** The ClientHello is not complete yet. */
    public record NeedMore() implements Outcome {
    }

    /**
     * A complete ClientHello, the host name it asks for, lower case (empty: no SNI), and the ALPN protocols it offers
     * in its order (empty: no ALPN extension).
     */
    public record Hello(Optional<String> serverName, List<String> alpnProtocols) implements Outcome {
        public Hello {
            requireNonNull(serverName, "serverName");
            alpnProtocols = List.copyOf(alpnProtocols);
        }

        /** Whether the client offers {@code protocol}. */
        public boolean offers(String protocol) {
            return alpnProtocols.contains(protocol);
        }
    }

    /** Not a TLS ClientHello, or a malformed one: the connection is refused. */
    public record NotHello(String reason) implements Outcome {
    }

    private ClientHelloNames() {
    }

    /** Reads {@code bytes} from its position to its limit, leaving both as they are. */
    public static Outcome read(ByteBuffer bytes) {
        ByteBuffer in = bytes.duplicate();
        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        while (in.remaining() >= RECORD_HEADER) {
            int type = in.get() & 0xff;
            in.getShort();
            int length = in.getShort() & 0xffff;
            if (type != HANDSHAKE) {
                return new NotHello("the first record is not a TLS handshake (content type " + type + ")");
            }
            if (length == 0 || length > 16384 + 2048) {
                return new NotHello("a TLS record of " + length + " bytes");
            }
            if (in.remaining() < length) {
                return new NeedMore();
            }
            byte[] fragment = new byte[length];
            in.get(fragment);
            handshake.write(fragment, 0, length);
            byte[] message = handshake.toByteArray();
            if (message.length >= 4) {
                if ((message[0] & 0xff) != CLIENT_HELLO) {
                    return new NotHello("the first handshake message is not a ClientHello");
                }
                int helloLength = ((message[1] & 0xff) << 16) | ((message[2] & 0xff) << 8) | (message[3] & 0xff);
                if (helloLength > MAX_BYTES) {
                    return new NotHello("a ClientHello of " + helloLength + " bytes");
                }
                if (message.length >= 4 + helloLength) {
                    return parse(ByteBuffer.wrap(message, 4, helloLength).slice());
                }
            }
        }
        return new NeedMore();
    }

    private static Outcome parse(ByteBuffer hello) {
        try {
            skip(hello, 2 + 32);
            skip(hello, hello.get() & 0xff);
            skip(hello, hello.getShort() & 0xffff);
            skip(hello, hello.get() & 0xff);
            Optional<String> serverName = Optional.empty();
            List<String> protocols = new ArrayList<>();
            if (!hello.hasRemaining()) {
                return new Hello(serverName, protocols);
            }
            int extensionsEnd = (hello.getShort() & 0xffff) + hello.position();
            while (hello.position() + 4 <= extensionsEnd) {
                int type = hello.getShort() & 0xffff;
                int length = hello.getShort() & 0xffff;
                ByteBuffer extension = hello.slice().limit(length);
                skip(hello, length);
                if (type == SERVER_NAME && serverName.isEmpty()) {
                    serverName = hostName(extension);
                } else if (type == ALPN && protocols.isEmpty()) {
                    protocols = protocols(extension);
                }
            }
            return new Hello(serverName, protocols);
        } catch (RuntimeException malformed) {
            return new NotHello("a malformed ClientHello (" + malformed.getClass().getSimpleName() + ")");
        }
    }

    private static Optional<String> hostName(ByteBuffer names) {
        int listEnd = (names.getShort() & 0xffff) + names.position();
        while (names.position() + 3 <= listEnd) {
            int nameType = names.get() & 0xff;
            byte[] name = new byte[names.getShort() & 0xffff];
            names.get(name);
            if (nameType == HOST_NAME) {
                return Optional.of(new String(name, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    private static List<String> protocols(ByteBuffer extension) {
        int listEnd = (extension.getShort() & 0xffff) + extension.position();
        List<String> protocols = new ArrayList<>();
        while (extension.position() < listEnd) {
            byte[] protocol = new byte[extension.get() & 0xff];
            extension.get(protocol);
            protocols.add(new String(protocol, StandardCharsets.US_ASCII));
        }
        return protocols;
    }

    private static void skip(ByteBuffer buffer, int bytes) {
        buffer.position(buffer.position() + bytes);
    }
}
