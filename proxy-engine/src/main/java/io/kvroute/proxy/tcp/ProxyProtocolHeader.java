package io.kvroute.proxy.tcp;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The PROXY protocol header (HAProxy's specification, versions 1 and 2) that tells a server the client's address
 * and the address it connected to: v1 is the text line {@code PROXY TCP4 <src> <dst> <sport> <dport>\r\n}, v2 the
 * binary header with the {@code PROXY} command over TCP. Addresses of different families (or an IPv4-mapped one
 * beside an IPv6 one) are sent as {@code UNKNOWN} (v1) or {@code AF_UNSPEC} (v2).
 */
final class ProxyProtocolHeader {
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
        0x0A};
    private static final int V2_PROXY = 0x21;
    private static final int TCP_OVER_IPV4 = 0x11;
    private static final int TCP_OVER_IPV6 = 0x21;

    private ProxyProtocolHeader() {
    }

    /** The header of {@code version} (1 or 2) for a connection from {@code source} to {@code destination}. */
    static ByteBuffer of(int version, InetSocketAddress source, InetSocketAddress destination) {
        return switch (version) {
            case 1 -> v1(source, destination);
            case 2 -> v2(source, destination);
            default -> throw new IllegalArgumentException("version: " + version + " (expected: 1 or 2)");
        };
    }

    private static ByteBuffer v1(InetSocketAddress source, InetSocketAddress destination) {
        String family = family(source, destination);
        String line = family == null ? "PROXY UNKNOWN\r\n"
                : "PROXY " + family + " " + InetAddresses.toAddrString(source.getAddress()) + " "
                        + InetAddresses.toAddrString(destination.getAddress()) + " " + source.getPort() + " "
                        + destination.getPort() + "\r\n";
        return ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
    }

    private static ByteBuffer v2(InetSocketAddress source, InetSocketAddress destination) {
        String family = family(source, destination);
        int addressBytes = family == null ? 0 : family.equals("TCP4") ? 12 : 36;
        ByteBuffer header = ByteBuffer.allocate(16 + addressBytes);
        header.put(V2_SIGNATURE).put((byte) V2_PROXY);
        if (family == null) {
            header.put((byte) 0).putShort((short) 0);
        } else {
            header.put((byte) (family.equals("TCP4") ? TCP_OVER_IPV4 : TCP_OVER_IPV6)).putShort((short) addressBytes)
                    .put(source.getAddress().getAddress()).put(destination.getAddress().getAddress())
                    .putShort((short) source.getPort()).putShort((short) destination.getPort());
        }
        return header.flip();
    }

    /** {@code TCP4}, {@code TCP6}, or null when the two addresses are not of one family. */
    private static String family(InetSocketAddress source, InetSocketAddress destination) {
        if (source.getAddress() instanceof Inet4Address && destination.getAddress() instanceof Inet4Address) {
            return "TCP4";
        }
        if (source.getAddress() instanceof Inet6Address && destination.getAddress() instanceof Inet6Address) {
            return "TCP6";
        }
        return null;
    }
}
