package io.kvroute.proxy.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProxyProtocolHeaderTest {
    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void versionOneIsTheTextLineOfBothAddresses() {
        assertThat(new String(bytes(ProxyProtocolHeader.of(1, new InetSocketAddress("192.0.2.1", 5000),
                new InetSocketAddress("198.51.100.2", 443))), StandardCharsets.US_ASCII))
                .isEqualTo("PROXY TCP4 192.0.2.1 198.51.100.2 5000 443\r\n");
        assertThat(new String(bytes(ProxyProtocolHeader.of(1, new InetSocketAddress("2001:db8::1", 5000),
                new InetSocketAddress("2001:db8::2", 443))), StandardCharsets.US_ASCII))
                .isEqualTo("PROXY TCP6 2001:db8::1 2001:db8::2 5000 443\r\n");
        assertThat(new String(bytes(ProxyProtocolHeader.of(1, new InetSocketAddress("192.0.2.1", 5000),
                new InetSocketAddress("2001:db8::2", 443))), StandardCharsets.US_ASCII))
                .isEqualTo("PROXY UNKNOWN\r\n");
    }

    @Test
    void versionTwoIsTheBinaryHeaderWithTheProxyCommand() {
        byte[] header = bytes(ProxyProtocolHeader.of(2, new InetSocketAddress("2001:db8::1", 5000),
                new InetSocketAddress("2001:db8::2", 443)));

        assertThat(header).hasSize(16 + 36);
        assertThat(header[12]).isEqualTo((byte) 0x21);
        assertThat(header[13]).as("TCP over IPv6").isEqualTo((byte) 0x21);
        assertThat(ByteBuffer.wrap(header, 14, 2).getShort()).isEqualTo((short) 36);
        assertThat(ByteBuffer.wrap(header, 48, 4).getShort()).isEqualTo((short) 5000);
        assertThat(bytes(ProxyProtocolHeader.of(2, new InetSocketAddress("192.0.2.1", 1),
                new InetSocketAddress("2001:db8::2", 2)))).hasSize(16).endsWith(0x21, 0, 0, 0);
    }
}
