package io.kvroute.proxy.conformance;

/** Shows wire bytes on one line: CR, LF, tab and other control bytes escaped, so framing tricks stay visible. */
final class RawBytes {
    private RawBytes() {
    }

    static String escape(String wire) {
        StringBuilder shown = new StringBuilder(wire.length() + 16);
        for (char c : wire.toCharArray()) {
            switch (c) {
                case '\r' -> shown.append("\\r");
                case '\n' -> shown.append("\\n");
                case '\t' -> shown.append("\\t");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        shown.append(String.format("\\x%02x", (int) c));
                    } else {
                        shown.append(c);
                    }
                }
            }
        }
        return shown.toString();
    }
}
